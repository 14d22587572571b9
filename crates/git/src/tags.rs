//! The tags of a set's life (`okr/<period>/<team>/v1.1`, `…/final`):
//! annotated, made once, never moved or overwritten.

use crate::identity::{self, Role};
use crate::{Error, Repository, Revision};

impl Repository {
    /// The commit tag `name` (without `refs/tags/`) points to, peeled
    /// through annotated tags; `None` when there is no such tag.
    pub fn tag(&self, name: &str) -> Result<Option<Revision>, Error> {
        let reference = match self.git.find_reference(&format!("refs/tags/{name}")) {
            Ok(reference) => reference,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) if e.code() == git2::ErrorCode::InvalidSpec => {
                return Err(Error::BadTagName {
                    name: name.to_owned(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        let commit = reference.peel_to_commit()?;
        Ok(Some(Revision {
            spec: name.to_owned(),
            id: commit.id().to_string(),
        }))
    }

    /// Every tag under `prefix` (`okr/2026-Q4/platform/`), with the commit
    /// it points to, in name order. Tags that do not point to a commit are
    /// left out.
    pub fn tags_under(&self, prefix: &str) -> Result<Vec<(String, Revision)>, Error> {
        let mut tags = Vec::new();
        for reference in self.git.references()? {
            let reference = reference?;
            let Some(name) = reference
                .name()
                .ok()
                .and_then(|n| n.strip_prefix("refs/tags/"))
            else {
                continue;
            };
            if !name.starts_with(prefix) {
                continue;
            }
            if let Ok(commit) = reference.peel_to_commit() {
                tags.push((
                    name.to_owned(),
                    Revision {
                        spec: name.to_owned(),
                        id: commit.id().to_string(),
                    },
                ));
            }
        }
        tags.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(tags)
    }

    /// Refuses when tag `name` could not be created: a name git does not
    /// accept, or a tag that exists already (named with its commit).
    pub fn check_new_tag(&self, name: &str) -> Result<(), Error> {
        if !git2::Reference::is_valid_name(&format!("refs/tags/{name}")) {
            return Err(Error::BadTagName {
                name: name.to_owned(),
            });
        }
        match self.tag(name)? {
            Some(existing) => Err(Error::TagExists {
                name: name.to_owned(),
                target: existing.short().to_owned(),
            }),
            None => Ok(()),
        }
    }

    /// Creates the annotated tag `name` on `target` with `message`, the
    /// tagger being the committer git would use. Never moves a tag: one
    /// that exists is an error.
    pub fn create_tag(&self, name: &str, target: &Revision, message: &str) -> Result<(), Error> {
        self.check_new_tag(name)?;
        let config = self.git.config()?;
        let tagger = identity::identity(&config, Role::Committer, None)?.signature()?;
        let id = git2::Oid::from_str(&target.id)?;
        let object = self.git.find_object(id, Some(git2::ObjectType::Commit))?;
        match self.git.tag(name, &object, &tagger, message, false) {
            Ok(_) => Ok(()),
            // Made by someone else since the check.
            Err(e) if e.code() == git2::ErrorCode::Exists => {
                let target = self
                    .tag(name)?
                    .map(|r| r.short().to_owned())
                    .unwrap_or_default();
                Err(Error::TagExists {
                    name: name.to_owned(),
                    target,
                })
            }
            Err(e) => Err(e.into()),
        }
    }
}
