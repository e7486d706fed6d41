#ifndef GAZETTE_CLIBXML2_SHIM_H
#define GAZETTE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, and libxml/encoding.h then includes ICU's headers, which
   clash with Foundation's own ICU module ('UErrorCode' has different definitions). Gazette
   never uses libxml2's ICU converters: input is always UTF-8, passed with the "UTF-8"
   encoding name, so hiding them loses nothing. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#endif
