/* clientele — symbol visibility. The library is built with hidden visibility; only what is
 * marked here is exported (valid C and C++). */
#ifndef CLIENTELE_EXPORT_H
#define CLIENTELE_EXPORT_H

#if defined(CLIENTELE_STATIC)
#  define CLT_API
#elif defined(_WIN32)
#  if defined(CLIENTELE_BUILDING)
#    define CLT_API __declspec(dllexport)
#  else
#    define CLT_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define CLT_API __attribute__((visibility("default")))
#else
#  define CLT_API
#endif

/* The same marker for C++ classes and functions. */
#define CLIENTELE_API CLT_API

/* Keeps a class that an exported class only names (its pimpl) out of the exports: a nested
 * class otherwise inherits the visibility of the class around it. */
#if defined(__GNUC__) || defined(__clang__)
#  define CLIENTELE_LOCAL __attribute__((visibility("hidden")))
#else
#  define CLIENTELE_LOCAL
#endif

#endif /* CLIENTELE_EXPORT_H */
