#ifndef ALLYSHIP_CCBC_SHIM_H
#define ALLYSHIP_CCBC_SHIM_H

// COIN-OR CBC's C interface (Debian: coinor-libcbc-dev; pkg-config name `cbc`, which also
// gives the libraries to link). Only the Optimizer module imports this, with `internal import`,
// so no C type leaks into public API.
#include <coin/Cbc_C_Interface.h>

#endif
