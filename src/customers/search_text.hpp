// Internal: what the full-text index holds for a customer, and how a person's query
// becomes an FTS5 expression over it.
//
// The index uses FTS5's unicode61 tokenizer. Latin text needs nothing more: words are
// tokens, case and diacritics folded, and a query word matches as a prefix. Chinese is
// written without spaces, so runs of CJK characters are written into the document as
// overlapping bigrams (张伟明 -> "张伟 伟明") followed by single characters, and a query run
// becomes the phrase of its bigrams: a phrase of consecutive bigrams matches exactly the
// documents containing that substring, for any length >= 2, and one character matches
// the single-character tokens. (The trigram tokenizer cannot match the two-character
// names that make up most Chinese queries.)
#pragma once

#include <string>
#include <string_view>

#include "clientele/model.hpp"

namespace clientele::store {

std::string search_document(const Customer& c);

/// The FTS5 MATCH expression for a query; empty when the query has nothing to search for.
std::string search_expression(std::string_view query);

}  // namespace clientele::store
