//! Each change class, from two versions of a set written as TOML.

use okr_diff::{Class, Diff, Op, SetFile, Subject, Value, diff};
use okr_model::OkrSet;

const BASE: &str = r#"
format = 1
team = "platform"
period = "2026-Q4"
parent = "engineering"
status = "draft"
version = "1.0"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"
aligns = ["engineering/customer-trust"]

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
unit = "%"
baseline = 4.0
target = 2.8
current = 3.6
confidence = 0.6

[[objectives.key_results]]
id = "checkout-latency"
title = "Cut p99 checkout latency from 900 ms to 400 ms"
baseline = 900
target = 400

[[objectives]]
id = "paved-road"
title = "A paved road so smooth that teams stop asking for exceptions"

[[objectives.key_results]]
id = "ci-time"
title = "Cut median CI pipeline time from 14 minutes to 6 minutes"
baseline = 14
target = 6
"#;

fn set(text: &str) -> OkrSet {
    let parsed = okr_model::parse("platform.toml", text);
    assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
    parsed.set.expect("a set")
}

fn compare(old: &str, new: &str) -> Diff {
    let (a, b) = (set(old), set(new));
    diff(
        &[SetFile {
            path: "okrs/platform.toml",
            set: &a,
        }],
        &[SetFile {
            path: "okrs/platform.toml",
            set: &b,
        }],
    )
}

/// The classes and subjects of every change, in order.
fn classes(diff: &Diff) -> Vec<(Class, String)> {
    diff.changes()
        .map(|(_, change)| (change.class, change.subject.path()))
        .collect()
}

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn the_same_text_is_no_change() {
    assert!(compare(BASE, BASE).is_empty());
}

#[test]
fn a_target_change() {
    let d = compare(BASE, &edit("target = 2.8", "target = 3.2"));
    assert_eq!(
        classes(&d),
        [(
            Class::TargetChanged,
            "reliable-checkout/failed-checkouts".to_owned()
        )]
    );
    let (_, change) = d.changes().next().expect("a change");
    assert_eq!(change.fields[0].old, Value::Number(2.8));
    assert_eq!(change.fields[0].new, Value::Number(3.2));
    assert!(!change.changed_after_final);
}

#[test]
fn a_change_after_final_is_flagged_and_a_check_in_is_not() {
    let final_base = BASE.replace("status = \"draft\"", "status = \"final\"");
    let d = compare(
        &final_base,
        &final_base
            .replace("target = 2.8", "target = 3.2")
            .replace("current = 3.6", "current = 3.4"),
    );
    let flags: Vec<(Class, bool)> = d
        .changes()
        .map(|(_, c)| (c.class, c.changed_after_final))
        .collect();
    assert_eq!(
        flags,
        [(Class::TargetChanged, true), (Class::CheckIn, false)]
    );
    assert_eq!(d.summary().changed_after_final, 1);
}

#[test]
fn a_reopen_puts_moved_goalposts_on_the_record() {
    let final_base = BASE.replace("status = \"draft\"", "status = \"final\"");
    let moved = final_base.replace("target = 2.8", "target = 3.2");
    // Out of final with a major bump: not flagged.
    let reopened = moved
        .replace("status = \"final\"", "status = \"review\"")
        .replace("version = \"1.0\"", "version = \"2.0\"");
    assert_eq!(
        compare(&final_base, &reopened)
            .summary()
            .changed_after_final,
        0
    );
    // Out of final without the bump, or a bump that stays final: flagged.
    let unbumped = moved.replace("status = \"final\"", "status = \"review\"");
    assert_eq!(
        compare(&final_base, &unbumped)
            .summary()
            .changed_after_final,
        1
    );
    let still_final = moved.replace("version = \"1.0\"", "version = \"2.0\"");
    assert_eq!(
        compare(&final_base, &still_final)
            .summary()
            .changed_after_final,
        1
    );
}

#[test]
fn field_classes() {
    let cases = [
        ("baseline = 4.0", "baseline = 4.2", Class::BaselineChanged),
        ("current = 3.6", "current = 3.1", Class::CheckIn),
        ("confidence = 0.6", "confidence = 0.4", Class::CheckIn),
        ("unit = \"%\"", "unit = \"percent\"", Class::TargetChanged),
        (
            "Reduce failed checkout attempts from 4% to 2.8%",
            "Cut failed checkout attempts from 4% to 2.8%",
            Class::Reworded,
        ),
    ];
    for (from, to, class) in cases {
        assert_eq!(
            classes(&compare(BASE, &edit(from, to))),
            [(class, "reliable-checkout/failed-checkouts".to_owned())],
            "{from} -> {to}"
        );
    }
}

#[test]
fn set_and_objective_classes() {
    let cases = [
        (
            "status = \"draft\"",
            "status = \"review\"",
            Class::StatusChanged,
            "",
        ),
        (
            "version = \"1.0\"",
            "version = \"1.1\"",
            Class::VersionChanged,
            "",
        ),
        (
            "parent = \"engineering\"",
            "parent = \"tech\"",
            Class::AlignmentChanged,
            "",
        ),
        (
            "aligns = [\"engineering/customer-trust\"]",
            "aligns = [\"engineering/revenue\"]",
            Class::AlignmentChanged,
            "reliable-checkout",
        ),
        (
            "title = \"A paved road so smooth that teams stop asking for exceptions\"",
            "title = \"A paved road so smooth that nobody asks for exceptions\"",
            Class::Reworded,
            "paved-road",
        ),
    ];
    for (from, to, class, subject) in cases {
        assert_eq!(
            classes(&compare(BASE, &edit(from, to))),
            [(class, subject.to_owned())],
            "{from} -> {to}"
        );
    }
}

#[test]
fn a_reworded_title_has_a_word_diff() {
    let d = compare(
        BASE,
        &edit("from 4% to 2.8%\"", "from 4% to 2.5% by March\""),
    );
    let (_, change) = d.changes().next().expect("a change");
    let words: Vec<(Op, &str)> = change.fields[0]
        .words
        .iter()
        .map(|s| (s.op, s.text.as_str()))
        .collect();
    assert_eq!(
        words,
        [
            (Op::Equal, "Reduce failed checkout attempts from 4% to "),
            (Op::Delete, "2.8%"),
            (Op::Insert, "2.5% by March"),
        ]
    );
}

#[test]
fn a_new_id_with_the_same_text_is_a_rename() {
    let d = compare(
        BASE,
        &edit("id = \"failed-checkouts\"", "id = \"checkout-failures\""),
    );
    assert_eq!(
        classes(&d),
        [(
            Class::Renamed,
            "reliable-checkout/checkout-failures".to_owned()
        )]
    );
}

#[test]
fn a_renamed_and_reworded_key_result_is_both() {
    let d = compare(
        BASE,
        &edit("id = \"failed-checkouts\"", "id = \"checkout-failures\"")
            .replace("Reduce failed checkout", "Lower failed checkout"),
    );
    assert_eq!(
        classes(&d),
        [
            (
                Class::Renamed,
                "reliable-checkout/checkout-failures".to_owned()
            ),
            (
                Class::Reworded,
                "reliable-checkout/checkout-failures".to_owned()
            ),
        ]
    );
}

#[test]
fn a_new_id_with_other_text_is_a_removal_and_an_addition() {
    let d = compare(
        BASE,
        &edit(
            "id = \"checkout-latency\"\ntitle = \"Cut p99 checkout latency from 900 ms to 400 ms\"",
            "id = \"payment-errors\"\ntitle = \"Halve payment provider errors seen by shoppers\"",
        ),
    );
    assert_eq!(
        classes(&d),
        [
            (Class::Added, "reliable-checkout/payment-errors".to_owned()),
            (
                Class::Removed,
                "reliable-checkout/checkout-latency".to_owned()
            ),
        ]
    );
}

#[test]
fn a_renamed_objective_keeps_its_key_results() {
    let d = compare(BASE, &edit("id = \"paved-road\"", "id = \"smooth-road\""));
    assert_eq!(classes(&d), [(Class::Renamed, "smooth-road".to_owned())]);
}

#[test]
fn a_key_result_under_another_objective_is_a_move() {
    let moved = BASE.replace(
        "\n[[objectives.key_results]]\nid = \"checkout-latency\"\ntitle = \"Cut p99 checkout latency from 900 ms to 400 ms\"\nbaseline = 900\ntarget = 400\n",
        "\n",
    ) + "\n[[objectives.key_results]]\nid = \"checkout-latency\"\ntitle = \"Cut p99 checkout latency from 900 ms to 400 ms\"\nbaseline = 900\ntarget = 400\n";
    let d = compare(BASE, &moved);
    assert_eq!(
        classes(&d),
        [(Class::Moved, "paved-road/checkout-latency".to_owned())]
    );
}

#[test]
fn objectives_added_and_removed_are_one_change_each() {
    let extra = format!(
        "{BASE}\n[[objectives]]\nid = \"cost\"\ntitle = \"Spend less on the cloud\"\n\n[[objectives.key_results]]\nid = \"spend\"\ntitle = \"Cloud spend per order from $0.12 to $0.09\"\n"
    );
    let d = compare(BASE, &extra);
    assert_eq!(classes(&d), [(Class::Added, "cost".to_owned())]);
    let d = compare(&extra, BASE);
    assert_eq!(classes(&d), [(Class::Removed, "cost".to_owned())]);
    let (_, change) = d.changes().next().expect("a change");
    let krs = change
        .fields
        .iter()
        .find(|f| f.field == "key_results")
        .expect("the key results are listed");
    assert_eq!(
        krs.old,
        Value::List(vec![
            "spend: Cloud spend per order from $0.12 to $0.09".to_owned()
        ])
    );
}

#[test]
fn a_set_in_another_file_is_a_move_not_a_removal() {
    let a = set(BASE);
    let d = diff(
        &[SetFile {
            path: "okrs/platform.toml",
            set: &a,
        }],
        &[SetFile {
            path: "okrs/2026-Q4/platform.toml",
            set: &a,
        }],
    );
    assert_eq!(classes(&d), [(Class::Moved, String::new())]);
    assert_eq!(d.sets[0].old_path.as_deref(), Some("okrs/platform.toml"));
}

#[test]
fn sets_added_and_removed() {
    let a = set(BASE);
    let file = [SetFile {
        path: "okrs/platform.toml",
        set: &a,
    }];
    let added = diff(&[], &file);
    assert_eq!(classes(&added), [(Class::Added, String::new())]);
    assert_eq!(added.sets[0].changes[0].subject, Subject::Set);
    let removed = diff(&file, &[]);
    assert_eq!(classes(&removed), [(Class::Removed, String::new())]);
}

#[test]
fn the_json_form_is_stable() {
    let d = compare(BASE, &edit("target = 2.8", "target = 3.2"));
    let json = serde_json::to_value(&d).expect("serializable");
    assert_eq!(
        json,
        serde_json::json!({
            "sets": [{
                "period": "2026-Q4",
                "team": "platform",
                "old_path": "okrs/platform.toml",
                "new_path": "okrs/platform.toml",
                "old_status": "draft",
                "new_status": "draft",
                "changes": [{
                    "class": "target-changed",
                    "subject": "key-result",
                    "objective": "reliable-checkout",
                    "id": "failed-checkouts",
                    "title": "Reduce failed checkout attempts from 4% to 2.8%",
                    "changed_after_final": false,
                    "fields": [{"field": "target", "old": 2.8, "new": 3.2}]
                }]
            }]
        })
    );
}
