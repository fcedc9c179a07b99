// Creates a store, adds a customer and finds it by phone through the installed C++ API.
#include <clientele/clientele.hpp>

#include <cstdio>
#include <filesystem>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    std::filesystem::remove(argv[1]);
    clientele::Database db(argv[1], {.user = "owner", .create = true});
    clientele::Customer c;
    c.family_name = "张";
    c.given_name = "伟";
    c.phones.push_back({"138-1234-5678", "mobile", true, {}});
    db.customers().create(c);
    auto found = db.customers().find_by_phone("+86 138 1234 5678");
    try {
        db.customers().get("no-such-customer");
        return 1;
    } catch (const clientele::NotFound&) {
        // typed errors cross the shared library boundary
    }
    std::printf("%s %zu %s\n", clientele::version(), found.size(), found.at(0).display_name.c_str());
    return found.size() == 1 ? 0 : 1;
}
