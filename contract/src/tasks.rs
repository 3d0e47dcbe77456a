//! Which tasks a widget shows (`task=` of the search and of the tasks glance).

/// Which tasks to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "lowercase"))]
pub enum TaskState {
    /// Not closed (what the tasks glance shows unless told otherwise).
    #[default]
    Open,
    /// Not closed and due before today.
    Overdue,
    /// Closed.
    Completed,
}

impl TaskState {
    pub const ALL: [TaskState; 3] = [TaskState::Open, TaskState::Overdue, TaskState::Completed];

    pub fn key(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Overdue => "overdue",
            TaskState::Completed => "completed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key().eq_ignore_ascii_case(key.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_whatever_the_case() {
        for state in TaskState::ALL {
            assert_eq!(TaskState::from_key(&state.key().to_uppercase()), Some(state));
        }
        assert_eq!(TaskState::from_key("later"), None);
    }
}
