#ifndef ALLYSHIP_CQRENCODE_SHIM_H
#define ALLYSHIP_CQRENCODE_SHIM_H

// libqrencode's C interface (Debian: libqrencode-dev; pkg-config name `libqrencode`, which also
// gives the library to link). Only the QRCode module imports this, with `internal import`, so no
// C type leaks into public API.
#include <qrencode.h>

#endif
