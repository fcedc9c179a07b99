#include "crypto/cipher_vfs.hpp"

#include <sqlite3.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <new>
#include <stdexcept>

#include "crypto/page_cipher.hpp"

namespace clientele::crypto {
namespace {

constexpr const char* kName = "clientele-cipher";
constexpr const char kMagic[] = "SQLite format 3";  // with its NUL: 16 bytes
constexpr sqlite3_int64 kWalHeader = 32;
constexpr sqlite3_int64 kFrameHeader = 24;
constexpr sqlite3_int64 kFrame = kFrameHeader + static_cast<sqlite3_int64>(kPageSize);

enum class Kind { main_db, wal, journal };

// One open file: ours first (SQLite sees it as the sqlite3_file), the default VFS's file
// right after it in the same allocation.
struct CipherFile {
    sqlite3_file base;
    sqlite3_file* real;
    Kind kind;
    Key key;
    Salt salt;
    std::array<unsigned char, kFrame> scratch;
    sqlite3_int64 last_header_at = -1;  // WAL: where the last frame header was written...
    std::uint32_t last_header_page = 0;  // ...and the page number it named

    ~CipherFile() { sodium_memzero(key.data(), key.size()); }
};

constexpr std::size_t kFileBytes = (sizeof(CipherFile) + 15) / 16 * 16;

sqlite3_vfs* real_vfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }
CipherFile* self(sqlite3_file* f) { return reinterpret_cast<CipherFile*>(f); }

bool parse_hex(const char* hex, unsigned char* out, std::size_t n) {
    if (!hex || std::strlen(hex) != 2 * n) return false;
    std::size_t len = 0;
    return sodium_hex2bin(out, n, hex, 2 * n, nullptr, &len, nullptr) == 0 && len == n;
}

std::uint32_t be32(const unsigned char* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

// ---- main database file ----

// Page `index` (0-based) of the main file, decrypted into f->scratch. SQLITE_IOERR_SHORT_READ
// (scratch zeroed) past the end of the file, SQLITE_IOERR_DATA when it fails authentication.
int read_main_page(CipherFile* f, sqlite3_int64 index) {
    unsigned char* page = f->scratch.data();
    const sqlite3_int64 at = index * static_cast<sqlite3_int64>(kPageSize);
    int rc = f->real->pMethods->xRead(f->real, page, kPageSize, at);
    if (rc == SQLITE_IOERR_SHORT_READ) {
        sqlite3_int64 size = 0;
        if (f->real->pMethods->xFileSize(f->real, &size) != SQLITE_OK || size > at) return SQLITE_IOERR_DATA;
        std::memset(page, 0, kPageSize);
        return rc;  // nothing there yet: SQLite expects zeros
    }
    if (rc != SQLITE_OK) return rc;
    const std::size_t from = index == 0 ? kSaltBytes : 0;
    if (!open_page(page, static_cast<std::uint32_t>(index + 1), from, f->key)) return SQLITE_IOERR_DATA;
    if (index == 0) std::memcpy(page, kMagic, kSaltBytes);
    return SQLITE_OK;
}

int read_main(CipherFile* f, unsigned char* out, int amount, sqlite3_int64 offset) {
    // The common case, a whole page other than page 1: read and decrypt in the caller's
    // buffer, without a copy through the scratch page.
    if (amount == static_cast<int>(kPageSize) && offset > 0 && offset % static_cast<sqlite3_int64>(kPageSize) == 0) {
        const int rc = f->real->pMethods->xRead(f->real, out, amount, offset);
        if (rc == SQLITE_OK)
            return open_page(out, static_cast<std::uint32_t>(offset / static_cast<sqlite3_int64>(kPageSize) + 1), 0,
                             f->key)
                       ? SQLITE_OK
                       : SQLITE_IOERR_DATA;
        if (rc != SQLITE_IOERR_SHORT_READ) return rc;
        // Short: past the end, or a cut page; read_main_page tells them apart.
    }
    int result = SQLITE_OK;
    const auto page_size = static_cast<sqlite3_int64>(kPageSize);
    for (sqlite3_int64 pos = offset, end = offset + amount; pos < end;) {
        const sqlite3_int64 index = pos / page_size, in_page = pos % page_size;
        const sqlite3_int64 n = std::min(end - pos, page_size - in_page);
        const int rc = read_main_page(f, index);
        if (rc == SQLITE_IOERR_SHORT_READ) result = rc;
        else if (rc != SQLITE_OK) return rc;
        std::memcpy(out + (pos - offset), f->scratch.data() + in_page, static_cast<std::size_t>(n));
        pos += n;
    }
    return result;
}

int write_main(CipherFile* f, const unsigned char* in, int amount, sqlite3_int64 offset) {
    const auto page_size = static_cast<sqlite3_int64>(kPageSize);
    if (amount != page_size || offset % page_size != 0) return SQLITE_IOERR_WRITE;  // SQLite writes whole pages
    unsigned char* page = f->scratch.data();
    std::memcpy(page, in, kPageSize);
    const sqlite3_int64 index = offset / page_size;
    if (index == 0) {
        // The header must say what this VFS assumes: 4096-byte pages with room for the
        // nonce and tag. Anything else would put data where the tag goes.
        if (page[16] != (kPageSize >> 8) || page[17] != (kPageSize & 0xFF) || page[20] != kReserve)
            return SQLITE_IOERR_WRITE;
    }
    seal_page(page, static_cast<std::uint32_t>(index + 1), index == 0 ? kSaltBytes : 0, f->key);
    if (index == 0) std::memcpy(page, f->salt.data(), kSaltBytes);
    return f->real->pMethods->xWrite(f->real, page, static_cast<int>(kPageSize), offset);
}

// ---- WAL ----
// Layout: a 32-byte header, then frames of a 24-byte header (page number first) and a page.

int wal_page_number(CipherFile* f, sqlite3_int64 frame_at, std::uint32_t* page_number) {
    if (frame_at == f->last_header_at) {
        *page_number = f->last_header_page;
        return SQLITE_OK;
    }
    unsigned char b[4];
    const int rc = f->real->pMethods->xRead(f->real, b, 4, frame_at);
    if (rc == SQLITE_OK) *page_number = be32(b);
    return rc;
}

int read_wal(CipherFile* f, unsigned char* out, int amount, sqlite3_int64 offset) {
    const int rc = f->real->pMethods->xRead(f->real, out, amount, offset);
    if (offset < kWalHeader || rc != SQLITE_OK) return rc;  // header, or nothing whole to decrypt
    const sqlite3_int64 frame_at = kWalHeader + (offset - kWalHeader) / kFrame * kFrame;
    const sqlite3_int64 in_frame = offset - frame_at;
    if (in_frame == 0 && amount == kFrame) {
        // A whole frame: recovery, or rewriting checksums. A frame cut short by a crash
        // fails here; it is handed up as it is and SQLite's own checksum rejects it, as it
        // would in a plain WAL.
        std::memcpy(f->scratch.data(), out + kFrameHeader, kPageSize);
        if (open_page(f->scratch.data(), be32(out), 0, f->key))
            std::memcpy(out + kFrameHeader, f->scratch.data(), kPageSize);
        return SQLITE_OK;
    }
    if (in_frame + amount <= kFrameHeader) return SQLITE_OK;  // a frame header
    if (in_frame == kFrameHeader && amount == static_cast<int>(kPageSize)) {
        // A committed frame's page, read for a query or a checkpoint: it must be whole.
        std::uint32_t page_number = 0;
        if (const int r = wal_page_number(f, frame_at, &page_number); r != SQLITE_OK) return r;
        return open_page(out, page_number, 0, f->key) ? SQLITE_OK : SQLITE_IOERR_DATA;
    }
    return SQLITE_IOERR_READ;  // a read SQLite does not make
}

int write_wal(CipherFile* f, const unsigned char* in, int amount, sqlite3_int64 offset) {
    if (offset < kWalHeader) return f->real->pMethods->xWrite(f->real, in, amount, offset);
    const sqlite3_int64 frame_at = kWalHeader + (offset - kWalHeader) / kFrame * kFrame;
    const sqlite3_int64 in_frame = offset - frame_at;
    if (in_frame == 0 && amount == kFrameHeader) {
        f->last_header_at = frame_at;
        f->last_header_page = be32(in);
        return f->real->pMethods->xWrite(f->real, in, amount, offset);
    }
    unsigned char* buf = f->scratch.data();
    if (in_frame == 0 && amount == kFrame) {
        std::memcpy(buf, in, kFrame);
        seal_page(buf + kFrameHeader, be32(in), 0, f->key);
    } else if (in_frame == kFrameHeader && amount == static_cast<int>(kPageSize)) {
        std::uint32_t page_number = 0;
        if (const int r = wal_page_number(f, frame_at, &page_number); r != SQLITE_OK) return r;
        std::memcpy(buf, in, kPageSize);
        seal_page(buf, page_number, 0, f->key);
    } else {
        return SQLITE_IOERR_WRITE;  // a write SQLite does not make: never let a page out in clear
    }
    return f->real->pMethods->xWrite(f->real, buf, amount, offset);
}

// ---- rollback journal ----
// A record is a 4-byte page number, the page, a 4-byte checksum; headers sit at multiples
// of the sector size (>= 512) and records are kPageSize + 8 long, so a page image, and
// nothing else, is a kPageSize-long piece at an offset of 4 modulo 8.

bool journal_page(int amount, sqlite3_int64 offset) {
    return amount == static_cast<int>(kPageSize) && offset % 8 == 4;
}

int read_journal(CipherFile* f, unsigned char* out, int amount, sqlite3_int64 offset) {
    const int rc = f->real->pMethods->xRead(f->real, out, amount, offset);
    if (rc != SQLITE_OK || !journal_page(amount, offset)) return rc;
    unsigned char b[4];
    if (const int r = f->real->pMethods->xRead(f->real, b, 4, offset - 4); r != SQLITE_OK) return r;
    // Read only to roll back; a record cut short by a crash fails its checksum upstream.
    std::memcpy(f->scratch.data(), out, kPageSize);
    if (open_page(f->scratch.data(), be32(b), 0, f->key)) std::memcpy(out, f->scratch.data(), kPageSize);
    return SQLITE_OK;
}

int write_journal(CipherFile* f, const unsigned char* in, int amount, sqlite3_int64 offset) {
    if (!journal_page(amount, offset)) return f->real->pMethods->xWrite(f->real, in, amount, offset);
    unsigned char b[4];  // the record's page number, written just before
    if (const int r = f->real->pMethods->xRead(f->real, b, 4, offset - 4); r != SQLITE_OK) return r;
    std::memcpy(f->scratch.data(), in, kPageSize);
    seal_page(f->scratch.data(), be32(b), 0, f->key);
    return f->real->pMethods->xWrite(f->real, f->scratch.data(), amount, offset);
}

// ---- sqlite3_io_methods ----

int x_close(sqlite3_file* file) {
    CipherFile* f = self(file);
    int rc = SQLITE_OK;
    if (f->real->pMethods) rc = f->real->pMethods->xClose(f->real);
    f->~CipherFile();
    return rc;
}

int x_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
    CipherFile* f = self(file);
    auto* o = static_cast<unsigned char*>(out);
    switch (f->kind) {
        case Kind::main_db: return read_main(f, o, amount, offset);
        case Kind::wal: return read_wal(f, o, amount, offset);
        case Kind::journal: return read_journal(f, o, amount, offset);
    }
    return SQLITE_IOERR_READ;
}

int x_write(sqlite3_file* file, const void* in, int amount, sqlite3_int64 offset) {
    CipherFile* f = self(file);
    const auto* i = static_cast<const unsigned char*>(in);
    switch (f->kind) {
        case Kind::main_db: return write_main(f, i, amount, offset);
        case Kind::wal: return write_wal(f, i, amount, offset);
        case Kind::journal: return write_journal(f, i, amount, offset);
    }
    return SQLITE_IOERR_WRITE;
}

// The rest is the default VFS's own work.
int x_truncate(sqlite3_file* f, sqlite3_int64 size) { return self(f)->real->pMethods->xTruncate(self(f)->real, size); }
int x_sync(sqlite3_file* f, int flags) { return self(f)->real->pMethods->xSync(self(f)->real, flags); }
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return self(f)->real->pMethods->xFileSize(self(f)->real, size); }
int x_lock(sqlite3_file* f, int lock) { return self(f)->real->pMethods->xLock(self(f)->real, lock); }
int x_unlock(sqlite3_file* f, int lock) { return self(f)->real->pMethods->xUnlock(self(f)->real, lock); }
int x_check_reserved_lock(sqlite3_file* f, int* out) {
    return self(f)->real->pMethods->xCheckReservedLock(self(f)->real, out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    // Memory-mapped reads would hand SQLite the ciphertext: never.
    if (op == SQLITE_FCNTL_MMAP_SIZE) {
        if (arg) *static_cast<sqlite3_int64*>(arg) = 0;
        return SQLITE_OK;
    }
    return self(f)->real->pMethods->xFileControl(self(f)->real, op, arg);
}
int x_sector_size(sqlite3_file* f) { return self(f)->real->pMethods->xSectorSize(self(f)->real); }
int x_device_characteristics(sqlite3_file* f) {
    return self(f)->real->pMethods->xDeviceCharacteristics(self(f)->real);
}
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return self(f)->real->pMethods->xShmMap(self(f)->real, region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return self(f)->real->pMethods->xShmLock(self(f)->real, offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { self(f)->real->pMethods->xShmBarrier(self(f)->real); }
int x_shm_unmap(sqlite3_file* f, int remove) { return self(f)->real->pMethods->xShmUnmap(self(f)->real, remove); }

// Version 2: shared memory (the -shm index holds page numbers, no row data), no xFetch.
constexpr sqlite3_io_methods kMethods = {
    2,           x_close,       x_read,     x_write,          x_truncate,  x_sync,
    x_file_size, x_lock,        x_unlock,   x_check_reserved_lock,         x_file_control,
    x_sector_size, x_device_characteristics, x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap,
    nullptr,     nullptr};

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    file->pMethods = nullptr;
    Kind kind;
    if (flags & SQLITE_OPEN_MAIN_DB) kind = Kind::main_db;
    else if (flags & SQLITE_OPEN_WAL) kind = Kind::wal;
    else if (flags & SQLITE_OPEN_MAIN_JOURNAL) kind = Kind::journal;
    else return SQLITE_CANTOPEN;  // a temporary file: encrypted connections keep those in memory
    if (!name) return SQLITE_CANTOPEN;
    auto* f = new (file) CipherFile{};
    f->kind = kind;
    f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kFileBytes);
    f->real->pMethods = nullptr;
    if (!parse_hex(sqlite3_uri_parameter(name, "clt_key"), f->key.data(), f->key.size())) {
        f->~CipherFile();
        return SQLITE_CANTOPEN;
    }
    int rc = real_vfs(vfs)->xOpen(real_vfs(vfs), name, f->real, flags, out_flags);
    if (rc == SQLITE_OK && kind == Kind::main_db) {
        // The salt: the file's own once it has one, else the one the opener chose.
        sqlite3_int64 size = 0;
        rc = f->real->pMethods->xFileSize(f->real, &size);
        if (rc == SQLITE_OK && size >= static_cast<sqlite3_int64>(kSaltBytes))
            rc = f->real->pMethods->xRead(f->real, f->salt.data(), kSaltBytes, 0);
        else if (rc == SQLITE_OK && !parse_hex(sqlite3_uri_parameter(name, "clt_salt"), f->salt.data(), kSaltBytes))
            randombytes_buf(f->salt.data(), f->salt.size());
    }
    if (rc != SQLITE_OK) {
        if (f->real->pMethods) f->real->pMethods->xClose(f->real);
        f->~CipherFile();
        return rc;
    }
    file->pMethods = &kMethods;
    return SQLITE_OK;
}

int x_delete(sqlite3_vfs* v, const char* name, int sync) { return real_vfs(v)->xDelete(real_vfs(v), name, sync); }
int x_access(sqlite3_vfs* v, const char* name, int flags, int* out) {
    return real_vfs(v)->xAccess(real_vfs(v), name, flags, out);
}
int x_full_pathname(sqlite3_vfs* v, const char* name, int n, char* out) {
    return real_vfs(v)->xFullPathname(real_vfs(v), name, n, out);
}
void* x_dl_open(sqlite3_vfs* v, const char* name) { return real_vfs(v)->xDlOpen(real_vfs(v), name); }
void x_dl_error(sqlite3_vfs* v, int n, char* out) { real_vfs(v)->xDlError(real_vfs(v), n, out); }
void (*x_dl_sym(sqlite3_vfs* v, void* h, const char* sym))(void) { return real_vfs(v)->xDlSym(real_vfs(v), h, sym); }
void x_dl_close(sqlite3_vfs* v, void* h) { real_vfs(v)->xDlClose(real_vfs(v), h); }
int x_randomness(sqlite3_vfs* v, int n, char* out) { return real_vfs(v)->xRandomness(real_vfs(v), n, out); }
int x_sleep(sqlite3_vfs* v, int us) { return real_vfs(v)->xSleep(real_vfs(v), us); }
int x_current_time(sqlite3_vfs* v, double* out) { return real_vfs(v)->xCurrentTime(real_vfs(v), out); }
int x_get_last_error(sqlite3_vfs* v, int n, char* out) { return real_vfs(v)->xGetLastError(real_vfs(v), n, out); }
int x_current_time_int64(sqlite3_vfs* v, sqlite3_int64* out) {
    return real_vfs(v)->xCurrentTimeInt64(real_vfs(v), out);
}

sqlite3_vfs make_vfs() {
    if (sqlite3_initialize() != SQLITE_OK || sodium_init() < 0) throw std::runtime_error("cannot initialise SQLite or libsodium");
    sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
    if (!real || real->iVersion < 2) throw std::runtime_error("no usable default SQLite VFS");
    sqlite3_vfs v{};
    v.iVersion = 2;
    v.szOsFile = static_cast<int>(kFileBytes) + real->szOsFile;
    v.mxPathname = real->mxPathname;
    v.zName = kName;
    v.pAppData = real;
    v.xOpen = x_open;
    v.xDelete = x_delete;
    v.xAccess = x_access;
    v.xFullPathname = x_full_pathname;
    v.xDlOpen = x_dl_open;
    v.xDlError = x_dl_error;
    v.xDlSym = x_dl_sym;
    v.xDlClose = x_dl_close;
    v.xRandomness = x_randomness;
    v.xSleep = x_sleep;
    v.xCurrentTime = x_current_time;
    v.xGetLastError = x_get_last_error;
    v.xCurrentTimeInt64 = x_current_time_int64;
    return v;
}

}  // namespace

const char* cipher_vfs_name() {
    // SQLite keeps the pointer for the life of the process: the one unavoidable global.
    static sqlite3_vfs vfs = [] {
        sqlite3_vfs v = make_vfs();
        return v;
    }();
    static const bool registered = [] {
        if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) throw std::runtime_error("cannot register the cipher VFS");
        return true;
    }();
    (void)registered;
    return kName;
}

}  // namespace clientele::crypto
