//! The numbers a writer types into a postmortem — validators and epochs
//! affected, missed duties, penalties, missed rewards, the reimbursement —
//! kept as typed fields, not text, so a later report can sum them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::InvalidInput;

/// A postmortem's figures; `None` until the writer enters one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Figures {
    pub validators_affected: Option<u32>,
    pub epochs_affected: Option<u32>,
    pub missed_attestations: Option<u32>,
    pub missed_proposals: Option<u32>,
    pub penalties_eth: Option<f64>,
    pub missed_rewards_eth: Option<f64>,
    pub reimbursed_eth: Option<f64>,
    /// The reimbursement's transaction hash or link.
    pub reimbursement_tx: Option<String>,
}

impl Figures {
    /// Refuses amounts that are negative or not numbers, and a transaction
    /// that is not one word.
    pub fn check(&self) -> Result<(), InvalidInput> {
        for (field, value) in [
            ("penalties_eth", self.penalties_eth),
            ("missed_rewards_eth", self.missed_rewards_eth),
            ("reimbursed_eth", self.reimbursed_eth),
        ] {
            if let Some(v) = value.filter(|v| !v.is_finite() || *v < 0.0) {
                return Err(InvalidInput::new(
                    field,
                    format!("an amount in ETH is a number of 0 or more, got {v}"),
                ));
            }
        }
        if let Some(tx) = &self.reimbursement_tx {
            if tx.is_empty() || tx.len() > 200 || tx.chars().any(char::is_whitespace) {
                return Err(InvalidInput::new(
                    "reimbursement_tx",
                    "the reimbursement transaction is its hash or link, one word of up to 200 characters",
                ));
            }
        }
        Ok(())
    }

    /// The figures with blank text fields taken as not entered.
    pub(crate) fn normalized(mut self) -> Self {
        self.reimbursement_tx = self
            .reimbursement_tx
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        self
    }

    /// What the operators lost: 2 × penalties + missed rewards (a penalty
    /// both takes stake and forgoes the reward), once both are known.
    pub fn total_value_lost_eth(&self) -> Option<f64> {
        Some(2.0 * self.penalties_eth? + self.missed_rewards_eth?)
    }

    /// The figures as a Markdown table, `—` where nothing is entered yet.
    pub fn to_markdown(&self) -> String {
        let count = |v: Option<u32>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
        let eth = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v} ETH"));
        let rows = [
            ("Validators affected", count(self.validators_affected)),
            ("Epochs affected", count(self.epochs_affected)),
            ("Missed attestations", count(self.missed_attestations)),
            ("Missed proposals", count(self.missed_proposals)),
            ("Penalties", eth(self.penalties_eth)),
            ("Missed rewards", eth(self.missed_rewards_eth)),
            (
                "Total value lost (2 × penalties + missed rewards)",
                eth(self.total_value_lost_eth().map(|v| (v * 1e9).round() / 1e9)),
            ),
            ("Reimbursed", eth(self.reimbursed_eth)),
            (
                "Reimbursement transaction",
                self.reimbursement_tx
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), |t| format!("`{t}`")),
            ),
        ];
        let mut out = String::from("| Figure | Value |\n|---|---|\n");
        for (label, value) in rows {
            out.push_str(&format!("| {label} | {value} |\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_value_lost_is_twice_the_penalties_plus_missed_rewards() {
        // RockLogic, 2023-06-09: penalties 1.0765, missed rewards 1.0001.
        let f = Figures {
            penalties_eth: Some(1.0765),
            missed_rewards_eth: Some(1.0001),
            ..Figures::default()
        };
        assert!((f.total_value_lost_eth().unwrap() - 3.1531).abs() < 1e-9);
        assert!(f.to_markdown().contains("| 3.1531 ETH |"));
        assert_eq!(Figures::default().total_value_lost_eth(), None);
    }

    #[test]
    fn negative_amounts_and_spaced_transactions_are_refused() {
        let bad = Figures {
            penalties_eth: Some(-1.0),
            ..Figures::default()
        };
        assert_eq!(bad.check().unwrap_err().field, "penalties_eth");
        let spaced = Figures {
            reimbursement_tx: Some("0xab cd".into()),
            ..Figures::default()
        };
        assert_eq!(spaced.check().unwrap_err().field, "reimbursement_tx");
    }

    #[test]
    fn amounts_of_zero_or_more_and_a_transaction_of_up_to_200_characters_are_kept() {
        let with = |amount: f64, tx: &str| Figures {
            missed_rewards_eth: Some(amount),
            reimbursement_tx: Some(tx.to_owned()),
            ..Figures::default()
        };
        assert!(with(0.0, "0xabc").check().is_ok());
        assert!(with(1.5, &"a".repeat(200)).check().is_ok());
        for (bad, field) in [
            (with(f64::NAN, "0xabc"), "missed_rewards_eth"),
            (with(f64::INFINITY, "0xabc"), "missed_rewards_eth"),
            (with(1.0, &"a".repeat(201)), "reimbursement_tx"),
            (with(1.0, ""), "reimbursement_tx"),
        ] {
            assert_eq!(bad.check().unwrap_err().field, field, "{bad:?}");
        }
    }

    #[test]
    fn a_blank_transaction_is_not_entered_and_a_typed_one_is_trimmed() {
        let typed = |tx: &str| Figures {
            validators_affected: Some(64),
            reimbursement_tx: Some(tx.to_owned()),
            ..Figures::default()
        };
        let kept = typed("  0xabc \n").normalized();
        assert_eq!(
            (kept.validators_affected, kept.reimbursement_tx.as_deref()),
            (Some(64), Some("0xabc"))
        );
        let blank = typed("   ").normalized();
        assert_eq!(
            (blank.validators_affected, blank.reimbursement_tx),
            (Some(64), None)
        );
    }
}
