//! The desktop's notification service, the one platform-specific part of
//! reminders. Where notifications follow the freedesktop specification
//! (Linux, the BSDs) a reminder has actions ("Open", "Mark sent", "Snooze N
//! min"), is critical when overdue, stays until acted on, and is waited on,
//! which keeps it alive (GNOME closes it when its sender goes away). On macOS
//! and Windows it is a plain notification; the window and the tray keep
//! every action.

use notify_rust::Notification;
use sitrep::scheduler::Notice;

/// A reminder on the desktop, to wait on for what the user does with it.
pub struct Shown {
    #[cfg(all(unix, not(target_os = "macos")))]
    handle: notify_rust::NotificationHandle,
}

/// Shows `notice` with `icon` (a file path or an icon name); the error says
/// why the desktop has no notification service.
pub fn show(notice: &Notice, icon: &str) -> Result<Shown, notify_rust::error::Error> {
    let mut n = Notification::new();
    n.appname("Sitrep")
        .summary(&notice.summary)
        .body(&notice.body)
        .icon(icon);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        use notify_rust::{Hint, Timeout, Urgency};
        use sitrep::scheduler::SnoozeFor;
        n.hint(Hint::Category("im".into()))
            .action("default", "Open")
            .action("mark-sent", "Mark sent");
        for minutes in SnoozeFor::ALL.map(SnoozeFor::as_minutes) {
            n.action(
                &format!("snooze-{minutes}"),
                &format!("Snooze {minutes} min"),
            );
        }
        // Every reminder stays until acted on, where the server allows; an
        // overdue one is also critical.
        n.timeout(Timeout::Never);
        n.urgency(if notice.critical {
            Urgency::Critical
        } else {
            Urgency::Normal
        });
        n.show().map(|handle| Shown { handle })
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        n.show().map(|_| Shown {})
    }
}

impl Shown {
    /// Waits until the user acts on the reminder or it closes, and hands
    /// `act` the action: `default` (opened), `mark-sent`, `snooze-N`, or
    /// anything else for a close. Where the platform reports no actions it
    /// returns at once.
    pub fn wait(self, act: impl FnOnce(&str)) {
        #[cfg(all(unix, not(target_os = "macos")))]
        self.handle.wait_for_action(act);
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = act;
    }
}
