#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <zlib.h>
#if defined(__linux__)
#include <malloc.h>
#endif
