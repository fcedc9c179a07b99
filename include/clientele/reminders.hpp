// clientele — care reminders: db.reminders() (rules and examples in docs/reminders.md).
//
// Reminders come due by themselves from the customers' data — birthdays, first-purchase
// anniversaries, Gregorian and Chinese lunar holidays, customers nobody contacted for too
// long, contact details due for re-verification, customers entering at_risk or churned —
// or are added by hand (follow-ups). Generated reminders are stored once per occasion, so
// generating for the same day twice creates nothing new, and a reminder marked done,
// dismissed or snoozed stays so.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/model.hpp"
#include "clientele/time.hpp"

namespace clientele {

enum class ReminderKind { birthday, anniversary, holiday, not_contacted, reverify, win_back, follow_up };
enum class ReminderStatus { open, snoozed, done, dismissed };

CLIENTELE_API std::string_view to_string(ReminderKind);
CLIENTELE_API std::string_view to_string(ReminderStatus);
CLIENTELE_API ReminderKind parse_reminder_kind(std::string_view, std::string_view field = "kind");

/// One reminder as the store holds it, with what a salesperson needs to act on it.
struct Reminder {
    std::int64_t id = 0;
    Uuid customer_id;
    std::string customer;       ///< the customer's external id, or its UUID when it has none
    std::string customer_name;  ///< display name
    ReminderKind kind = ReminderKind::follow_up;
    /// What the reminder is for within its kind: the holiday ("mid_autumn"), the stage
    /// entered ("at_risk"), the anniversary's years ("3"); "" when the kind says it all.
    std::string occasion;
    Date due_on{};
    std::optional<Date> snoozed_until;
    ReminderStatus status = ReminderStatus::open;
    std::string reason;   ///< why, in words ("birthday on 2026-03-14", "no contact for 120 days (limit 90)")
    std::string owner;    ///< the customer's owner now (username); "" = none
    /// The channel to use: the first of ReminderRules::channels the customer has not denied
    /// and can be reached on; "" when there is none.
    std::string channel;
    std::string note;             ///< set by hand (follow-ups) or when closed
    std::optional<Uuid> interaction;  ///< the interaction recorded when it was done
    Timestamp created_at{};
    std::string created_by;
};

/// Every holiday the rules may name: Gregorian ("new_year", "valentines", "womens_day",
/// "labour_day", "national_day", "christmas") then lunar ("spring_festival", "lantern",
/// "dragon_boat", "qixi", "mid_autumn", "double_ninth").
CLIENTELE_API std::vector<std::string> reminder_holiday_names();
/// The date of holiday `name` in Gregorian year `year` (lunar ones by ICU's Chinese
/// calendar: the lunar date in the Chinese year that begins in `year`). InvalidInput
/// (field "holidays") for an unknown name.
CLIENTELE_API Date holiday_date(std::string_view name, int year);

/// The configuration (stored in the database, see Reminders::set_rules). Defaults: every
/// kind on, every holiday on.
struct ReminderRules {
    bool birthday = true, anniversary = true, holidays = true, not_contacted = true, reverify = true,
         win_back = true;
    /// Where a 29 February birthday or anniversary falls in a common year: "feb28" or "mar1".
    std::string leap_day = "feb28";
    /// Holiday names (reminder_holiday_names()); the reminders greet every visible customer.
    std::vector<std::string> holiday_list = reminder_holiday_names();
    /// Days without any interaction (notes aside) before a customer is due a call.
    int not_contacted_days = 90;
    /// Overrides by RFM value tier ("high", "medium", "low") and by segment name; a
    /// segment's N wins over its tier's. Tiers and segments come from the customers'
    /// purchases in `currency` (empty = the database default currency).
    std::map<std::string, int> not_contacted_days_by_tier, not_contacted_days_by_segment;
    std::string currency;
    /// Contact details are due for re-verification this many days after last_verified_at
    /// (or, never verified, after the customer was created).
    int reverify_days = 365;
    /// Win-back: customers who entered at_risk or churned within this many days of as_of.
    int win_back_within_days = 30;
    /// Lifecycle limits (as LifecycleOptions: at_risk after this many days without purchase).
    int at_risk_days = 180, churned_days = 365;
    /// Channel preference, best first: among "wechat", "phone", "sms", "email".
    std::vector<std::string> channels = {"wechat", "phone", "sms", "email"};
};

/// A follow-up added by hand.
struct FollowUp {
    std::string customer;  ///< UUID or external id
    Date due_on{};
    std::string reason;
    std::string note;
};

/// An interaction to record when a reminder is done (kind, channel, subject, body; the
/// customer is the reminder's, the time now unless set).
struct ReminderOutcome {
    std::optional<Interaction> interaction;
    std::string note;
};

/// The JSON form (docs/reminders.md) of a reminder and of the rules; the rules' reader is
/// strict and names the field of the first mistake (InvalidInput, source "rules").
CLIENTELE_API std::string to_json_text(const Reminder& r);
CLIENTELE_API std::string to_json_text(const ReminderRules& r);
CLIENTELE_API ReminderRules reminder_rules_from_json_text(std::string_view text);

class CLIENTELE_API Reminders : public Feature {
public:
    /// Generates the reminders due in [as_of, as_of + horizon_days] for the visible
    /// customers (idempotent: an occasion already stored is skipped) and returns how many
    /// were new. PermissionDenied for a viewer; InvalidInput (field "horizon") outside 0..366.
    std::int64_t generate(Date as_of, int horizon_days = 7);
    /// The open and snoozed reminders of the visible customers due by as_of + horizon_days
    /// (overdue ones included), by due date: generated first when this connection may
    /// write. `owner` (a username) narrows to that owner's customers.
    std::vector<Reminder> due(Date as_of, int horizon_days = 7, std::string_view owner = {});
    /// One reminder by id; NotFound (field "id") when absent or its customer not visible.
    Reminder get(std::int64_t id) const;
    /// Every reminder of one visible customer (UUID or external id), whatever its status,
    /// oldest due first: what the store holds about the person (subject access).
    std::vector<Reminder> of_customer(std::string_view customer) const;

    /// Adds a follow-up; InvalidInput (field "due_on") for a date before today (UTC).
    Reminder add(const FollowUp& follow_up);
    /// Marks done; with outcome.interaction, records it (Interactions' write path) in the
    /// same transaction. InvalidInput (field "status") when already done or dismissed.
    Reminder done(std::int64_t id, const ReminderOutcome& outcome = {});
    /// Hides it until `until` (today or later, UTC; else InvalidInput field "until").
    Reminder snooze(std::int64_t id, Date until);
    Reminder dismiss(std::int64_t id, std::string_view note = {});

    /// The stored configuration (the defaults when none was stored).
    ReminderRules rules() const;
    /// Checks and stores the configuration (admins and managers). InvalidInput naming
    /// the field for a negative N, an unknown holiday, tier, leap-day rule or channel.
    void set_rules(const ReminderRules& rules);

    /// Made by the Database (a store::Session is internal to the library).
    explicit Reminders(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
