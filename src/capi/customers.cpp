// clientele C ABI — customers and their tags.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;
using clientele::to_json;

extern "C" {

CLT_API clt_status clt_customer_create(clt_db* db, const char* customer_json, char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto customer = clientele::customer_from_json(object_arg(customer_json, "customer_json"));
        put_json(out_json, to_json(d.create_customer(customer)));
    });
}

CLT_API clt_status clt_customer_get(clt_db* db, const char* ref, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, to_json(d.get_customer(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_customer_find(clt_db* db, const char* ref, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        if (const auto c = d.find_customer(text(ref, "ref"))) put_json(out_json, to_json(*c));
    });
}

CLT_API clt_status clt_customer_update(clt_db* db, const char* ref, const char* patch_json,
                                       int64_t expected_version, char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto r = text(ref, "ref");
        const auto patch = object_arg(patch_json, "patch_json");
        put_json(out_json, to_json(d.update_customer(r, patch.dump(), expected_version)));
    });
}

CLT_API clt_status clt_customer_save(clt_db* db, const char* customer_json, char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto customer = clientele::customer_from_json(object_arg(customer_json, "customer_json"));
        put_json(out_json, to_json(d.save_customer(customer)));
    });
}

CLT_API clt_status clt_customer_archive(clt_db* db, const char* ref, char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        put_json(out_json, to_json(d.archive_customer(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_customer_delete(clt_db* db, const char* ref) {
    return guard(__func__, [&] { database(db).delete_customer(text(ref, "ref")); });
}

CLT_API clt_status clt_customer_find_by_email(clt_db* db, const char* email, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, json_array(d.find_by_email(text(email, "email"))));
    });
}

CLT_API clt_status clt_customer_find_by_phone(clt_db* db, const char* phone, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, json_array(d.find_by_phone(text(phone, "phone"))));
    });
}

CLT_API clt_status clt_customer_search(clt_db* db, const char* query, size_t limit,
                                       char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto q = text(query, "query");
        put_json(out_json, json_array(limit == 0 ? d.search_customers(q) : d.search_customers(q, limit)));
    });
}

CLT_API clt_status clt_customer_list(clt_db* db, const char* filter_json, size_t limit,
                                     const char* cursor, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto filter = filter_arg(filter_json, clientele::customer_filter_from_json);
        put_json(out_json, to_json(d.list_customers(filter, page_request(limit, cursor))));
    });
}

CLT_API clt_status clt_customer_count(clt_db* db, const char* filter_json, int64_t* out_count) {
    return guard(__func__, [&] {
        auto& count = out_param(out_count, "out_count");
        auto& d = database(db);
        count = d.count_customers(filter_arg(filter_json, clientele::customer_filter_from_json));
    });
}

// ---- tags ---------------------------------------------------------------------------

CLT_API clt_status clt_tags_add(clt_db* db, const char* ref, const char* tags_json,
                                char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto r = text(ref, "ref");
        const auto tags = string_array_arg(tags_json, "tags_json");
        put_json(out_json, nlohmann::json(d.add_tags(r, tags)));
    });
}

CLT_API clt_status clt_tags_remove(clt_db* db, const char* ref, const char* tags_json,
                                   char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto r = text(ref, "ref");
        const auto tags = string_array_arg(tags_json, "tags_json");
        put_json(out_json, nlohmann::json(d.remove_tags(r, tags)));
    });
}

CLT_API clt_status clt_tags_list(clt_db* db, const char* ref, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, nlohmann::json(d.tags(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_tags_all(clt_db* db, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        nlohmann::json a = nlohmann::json::array();
        for (const auto& t : d.all_tags()) a.push_back(clientele::to_json(t));
        put_json(out_json, a);
    });
}

}  // extern "C"
