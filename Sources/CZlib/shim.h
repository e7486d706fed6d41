#ifndef GAZETTE_CZLIB_SHIM_H
#define GAZETTE_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 is a macro over deflateInit2_ that Swift cannot import. */
static inline int gazette_deflate_init_gzip(z_streamp stream, int level, int memLevel) {
    /* windowBits 15 + 16 selects the gzip wrapper (RFC 1952). */
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, memLevel, Z_DEFAULT_STRATEGY);
}
static inline int gazette_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}
#endif
