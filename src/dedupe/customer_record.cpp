#include "clientele/dedupe.hpp"
#include "clientele/time.hpp"

namespace clientele {

MatchRecord match_record(const Customer& c) {
    MatchRecord r;
    r.id = c.id.to_string();
    r.given_name = c.given_name;
    r.family_name = c.family_name;
    if (r.given_name.empty() && r.family_name.empty()) r.name = c.display_name;
    for (const Email& e : c.emails) r.email += (r.email.empty() ? "" : ";") + (e.normalized.empty() ? e.address : e.normalized);
    for (const Phone& p : c.phones) r.phone += (r.phone.empty() ? "" : ";") + (p.e164.empty() ? p.number : p.e164);
    const Address* a = nullptr;
    for (const Address& x : c.addresses)
        if (!a || x.primary) a = &x;
    if (a) {
        r.street = a->street;
        r.city = a->city;
        r.postcode = a->postcode;
        r.country = a->country;
    }
    if (c.birthday) r.birthday = format_date(*c.birthday);
    r.company = c.company_name;
    return r;
}

}  // namespace clientele
