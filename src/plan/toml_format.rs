//! The TOML form of the plan library: `[[plan]]` tables with `kind`, `name`
//! and `[[plan.step]]` tables of `text` and `stop_the_bleeding`.

use serde::{Deserialize, Serialize};

use super::{Plan, PlanStep};
use crate::error::InvalidInput;

#[derive(Serialize, Deserialize)]
struct Library {
    #[serde(default)]
    plan: Vec<TomlPlan>,
}

/// A plan as TOML spells it: one `[[plan.step]]` table per step.
#[derive(Serialize, Deserialize)]
struct TomlPlan {
    kind: String,
    name: String,
    #[serde(default)]
    step: Vec<PlanStep>,
}

/// The plans as a TOML document that [`from_toml`] reads back.
pub fn to_toml(plans: &[Plan]) -> String {
    let library = Library {
        plan: plans
            .iter()
            .map(|p| TomlPlan {
                kind: p.kind.clone(),
                name: p.name.clone(),
                step: p.steps.clone(),
            })
            .collect(),
    };
    // Plans are strings and booleans only, which TOML always represents.
    toml::to_string(&library).unwrap_or_default()
}

/// Reads plans from a TOML document, saying where it is malformed.
pub fn from_toml(text: &str) -> Result<Vec<Plan>, InvalidInput> {
    let library: Library = toml::from_str(text).map_err(|err| {
        InvalidInput::new(
            "plans",
            format!("the plans file is not valid: {}", err.to_string().trim()),
        )
    })?;
    if library.plan.is_empty() {
        return Err(InvalidInput::new(
            "plans",
            "the plans file has no [[plan]] tables",
        ));
    }
    Ok(library
        .plan
        .into_iter()
        .map(|p| Plan {
            kind: p.kind,
            name: p.name,
            steps: p.step,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_survive_a_round_trip_through_toml() {
        let plans = vec![Plan {
            kind: "signer-down".into(),
            name: "Signer \"down\"".into(),
            steps: vec![
                PlanStep {
                    text: "Stop signing".into(),
                    stop_the_bleeding: true,
                },
                PlanStep {
                    text: "Find out why".into(),
                    stop_the_bleeding: false,
                },
            ],
        }];
        assert_eq!(from_toml(&to_toml(&plans)).unwrap(), plans);
    }

    #[test]
    fn malformed_toml_is_refused_with_where() {
        let err = from_toml("[[plan]]\nkind = \"x\"\nname = ").unwrap_err();
        assert!(err.message.contains("not valid"), "{}", err.message);
        assert!(from_toml("").unwrap_err().message.contains("no [[plan]]"));
    }
}
