// zlib (Debian zlib1g-dev) for reading gzip-compressed dataset files (Fashion-MNIST's IDX files).
#include <zlib.h>
