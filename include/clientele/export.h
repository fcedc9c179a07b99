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

#endif /* CLIENTELE_EXPORT_H */
