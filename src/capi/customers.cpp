// clientele C ABI — customers and their tags.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;
using clientele::to_json;

extern "C" {

CLT_API clt_status clt_customer_create(char** out_json, clt_db* db, const char* customer_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto customer = clientele::customer_from_json(object_arg(customer_json, "customer_json"));
        put_json(out_json, to_json(d.customers().create(customer)));
    });
}

CLT_API clt_status clt_customer_get(char** out_json, clt_db* db, const char* ref) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, to_json(d.customers().get(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_customer_find(char** out_json, clt_db* db, const char* ref) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        if (const auto c = d.customers().find(text(ref, "ref"))) put_json(out_json, to_json(*c));
    });
}

CLT_API clt_status clt_customer_update(char** out_json, clt_db* db, const char* ref, const char* patch_json,
                                       int64_t expected_version) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto r = text(ref, "ref");
        const auto patch = object_arg(patch_json, "patch_json");
        put_json(out_json, to_json(d.customers().update(r, patch.dump(), expected_version)));
    });
}

CLT_API clt_status clt_customer_save(char** out_json, clt_db* db, const char* customer_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto customer = clientele::customer_from_json(object_arg(customer_json, "customer_json"));
        put_json(out_json, to_json(d.customers().save(customer)));
    });
}

CLT_API clt_status clt_customer_archive(char** out_json, clt_db* db, const char* ref) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        put_json(out_json, to_json(d.customers().archive(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_customer_delete(clt_db* db, const char* ref) {
    return guard(__func__, db, [&] { database(db).customers().remove(text(ref, "ref")); });
}

CLT_API clt_status clt_customer_find_by_email(char** out_json, clt_db* db, const char* email) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, json_array(d.customers().find_by_email(text(email, "email"))));
    });
}

CLT_API clt_status clt_customer_find_by_phone(char** out_json, clt_db* db, const char* phone) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, json_array(d.customers().find_by_phone(text(phone, "phone"))));
    });
}

CLT_API clt_status clt_customer_search(char** out_json, clt_db* db, const char* query, size_t limit) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto q = text(query, "query");
        put_json(out_json, json_array(limit == 0 ? d.customers().search(q) : d.customers().search(q, limit)));
    });
}

CLT_API clt_status clt_customer_list(char** out_json, clt_db* db, const char* filter_json, size_t limit,
                                     const char* cursor) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto filter = filter_arg(filter_json, clientele::customer_filter_from_json);
        put_json(out_json, to_json(d.customers().list(filter, page_request(limit, cursor))));
    });
}

CLT_API clt_status clt_customer_count(int64_t* out_count, clt_db* db, const char* filter_json) {
    return guard(__func__, db, [&] {
        auto& count = out_param(out_count, "out_count");
        auto& d = database(db);
        count = d.customers().count(filter_arg(filter_json, clientele::customer_filter_from_json));
    });
}

// ---- tags ---------------------------------------------------------------------------

CLT_API clt_status clt_tag_add(char** out_json, clt_db* db, const char* ref, const char* tags_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto r = text(ref, "ref");
        const auto tags = string_array_arg(tags_json, "tags_json");
        put_json(out_json, nlohmann::json(d.customers().add_tags(r, tags)));
    });
}

CLT_API clt_status clt_tag_remove(char** out_json, clt_db* db, const char* ref, const char* tags_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto r = text(ref, "ref");
        const auto tags = string_array_arg(tags_json, "tags_json");
        put_json(out_json, nlohmann::json(d.customers().remove_tags(r, tags)));
    });
}

CLT_API clt_status clt_tag_list(char** out_json, clt_db* db, const char* ref) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, nlohmann::json(d.customers().tags(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_tag_list_all(char** out_json, clt_db* db) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        nlohmann::json a = nlohmann::json::array();
        for (const auto& t : d.customers().all_tags()) a.push_back(clientele::to_json(t));
        put_json(out_json, a);
    });
}

}  // extern "C"
