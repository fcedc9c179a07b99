// Test support: a stream whose device goes away (read error) after `good` bytes.
#pragma once

#include <algorithm>
#include <ios>
#include <streambuf>
#include <string>

namespace clt_test {

class VanishingBuf : public std::streambuf {
public:
    VanishingBuf(std::string data, std::size_t good) : data_(std::move(data)), good_(good) {}

protected:
    int_type underflow() override {
        if (pos_ >= good_) throw std::ios_base::failure("No such device");
        const std::size_t n = std::min<std::size_t>(8192, good_ - pos_);
        chunk_.assign(data_, pos_, n);
        pos_ += n;
        setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
        return traits_type::to_int_type(chunk_[0]);
    }

private:
    std::string data_, chunk_;
    std::size_t good_, pos_ = 0;
};

}  // namespace clt_test
