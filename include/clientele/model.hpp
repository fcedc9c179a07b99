// clientele — the domain's value types: customers, interactions, users.
//
// Plain values with no I/O. The store fills the read-only parts (ids, timestamps,
// normalized contact forms, version); the JSON functions in json.hpp give them the text
// form every other layer (C ABI, Python, CLI) speaks. Only standard and clientele types
// appear here, so a consumer needs no third-party headers.
#pragma once

#include "clientele/export.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/json_object.hpp"
#include "clientele/time.hpp"

namespace clientele {

/// A 128-bit public identifier (RFC 4122 text form).
class CLIENTELE_API Uuid {
public:
    Uuid() = default;  // the nil UUID
    explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}
    /// Parses the 36-character hyphenated form (any case); nullopt if it is not one.
    static std::optional<Uuid> parse(std::string_view text);
    std::string to_string() const;
    bool is_nil() const;
    const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
    friend bool operator==(const Uuid&, const Uuid&) = default;
    friend auto operator<=>(const Uuid&, const Uuid&) = default;

private:
    std::array<std::uint8_t, 16> bytes_{};
};

enum class CustomerKind { person, company };
enum class CustomerStatus { active, archived, merged, anonymized };
enum class Gender { unspecified, female, male, other };

struct Email {
    std::string address;     ///< as entered
    std::string label;       ///< "work", "home", ... (free text)
    bool primary = false;
    std::string normalized;  ///< set by the store: trimmed, case-folded
};

struct Phone {
    std::string number;      ///< as entered
    std::string label;       ///< "mobile", "home", "work", ...
    bool primary = false;
    std::string e164;        ///< set by the store: "+8613812345678"
};

struct Address {
    std::string label;
    std::string street;
    std::string city;
    std::string region;
    std::string postcode;
    std::string country;  ///< ISO 3166-1 alpha-2 where known ("CN", "US")
    bool primary = false;
};

enum class ConsentChannel { email, sms, phone, wechat };
enum class ConsentStatus { unknown, granted, denied };

/// Consent for one channel: granted or denied, when, and how it was given ("web form").
struct Consent {
    ConsentStatus status = ConsentStatus::unknown;
    std::optional<Timestamp> at;
    std::string method;
    friend bool operator==(const Consent&, const Consent&) = default;
};

struct Customer {
    Uuid id;                         ///< set by the store
    std::string external_id;         ///< id in the source system; empty = none; unique
    CustomerKind kind = CustomerKind::person;
    std::string display_name;        ///< derived from the names when empty
    std::string given_name;
    std::string family_name;
    std::string company_name;
    std::string job_title;
    std::vector<Email> emails;
    std::vector<Phone> phones;
    std::vector<Address> addresses;
    std::optional<Date> birthday;
    Gender gender = Gender::unspecified;
    std::string source;              ///< acquisition channel: "shop", "wechat", "fair 2024"
    std::string owner;               ///< username of the responsible salesperson; empty = none
    std::vector<std::string> tags;
    std::string membership_level;
    std::string preferred_language;  ///< BCP 47 tag ("zh-CN", "en"), stored canonical; empty = unknown
    JsonObject custom;               ///< fields of your own, one JSON object
    std::map<ConsentChannel, Consent> consent;
    std::string notes;
    Timestamp created_at{};          ///< set by the store
    Timestamp updated_at{};          ///< set by the store
    std::optional<Timestamp> last_verified_at;
    CustomerStatus status = CustomerStatus::active;
    std::int64_t version = 0;        ///< set by the store; bumped by every change
};

enum class InteractionKind {
    purchase, refund, call, email, sms, chat, visit, meeting, complaint, suggestion, survey, note
};
enum class Direction { none, inbound, outbound };
enum class ComplaintStatus { none, open, in_progress, resolved, closed };

struct Interaction {
    Uuid id;                          ///< set by the store
    std::string external_id;          ///< id in the source system; empty = none; unique
    Uuid customer_id;                 ///< the customer; or give customer_external_id instead
    std::string customer_external_id; ///< set by the store on output; resolves on input
    InteractionKind kind = InteractionKind::note;
    Timestamp occurred_at{};
    std::string channel;              ///< "store", "web", "wechat", "phone", ...
    Direction direction = Direction::none;
    std::string owner;                ///< username; defaults to the current user
    /// Minor units (cents, fen). Purchases: >= 0; refunds are stored negative.
    std::optional<std::int64_t> amount_minor;
    std::string currency;             ///< ISO 4217; the database default when empty
    std::string subject;
    std::string body;
    std::optional<int> csat;          ///< 1..5
    std::optional<int> nps;           ///< 0..10
    JsonObject custom;                ///< fields of your own, one JSON object
    ComplaintStatus complaint_status = ComplaintStatus::none;
    std::optional<Timestamp> due_at;  ///< complaints: when it must be resolved
    Timestamp created_at{};           ///< set by the store
};

/// What a user may do. admin: everything. manager: customers owned by their team.
/// sales: only customers they own. viewer: read every customer, change nothing.
enum class Role { admin, manager, sales, viewer };

struct User {
    std::string username;
    std::string display_name;
    Role role = Role::sales;
    std::string team;
    bool active = true;
    Timestamp created_at{};
};

// Stable text names of the enums, used in JSON, SQL and the CLI.
CLIENTELE_API std::string_view to_string(CustomerKind);
CLIENTELE_API std::string_view to_string(CustomerStatus);
CLIENTELE_API std::string_view to_string(Gender);
CLIENTELE_API std::string_view to_string(ConsentChannel);
CLIENTELE_API std::string_view to_string(ConsentStatus);
CLIENTELE_API std::string_view to_string(InteractionKind);
CLIENTELE_API std::string_view to_string(Direction);
CLIENTELE_API std::string_view to_string(ComplaintStatus);
CLIENTELE_API std::string_view to_string(Role);

/// Parse the text names above; throw InvalidInput naming `field` on anything else.
CLIENTELE_API CustomerKind parse_customer_kind(std::string_view, std::string_view field = "kind");
CLIENTELE_API CustomerStatus parse_customer_status(std::string_view, std::string_view field = "status");
CLIENTELE_API Gender parse_gender(std::string_view, std::string_view field = "gender");
CLIENTELE_API ConsentChannel parse_consent_channel(std::string_view, std::string_view field = "consent");
CLIENTELE_API ConsentStatus parse_consent_status(std::string_view, std::string_view field = "consent");
CLIENTELE_API InteractionKind parse_interaction_kind(std::string_view, std::string_view field = "kind");
CLIENTELE_API Direction parse_direction(std::string_view, std::string_view field = "direction");
CLIENTELE_API ComplaintStatus parse_complaint_status(std::string_view, std::string_view field = "complaint_status");
CLIENTELE_API Role parse_role(std::string_view, std::string_view field = "role");

/// The keys of a customer's JSON form (docs/data-model.md), in the order of export columns
/// and Python frame columns. A reader refuses any other key.
CLIENTELE_API const std::vector<std::string>& customer_json_keys();

/// The name a person would call the customer: display_name if set, else the person's
/// name (family+given without a space for CJK names, "given family" otherwise), else the
/// company, else the primary email or phone. Empty if there is nothing.
CLIENTELE_API std::string derive_display_name(const Customer& c);

}  // namespace clientele
