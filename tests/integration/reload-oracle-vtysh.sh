#!/bin/bash
# SPDX-License-Identifier: MIT
# The reloader's oracle (reload-oracle.sh: every golden pair, the self-reload, the rejected
# command and the rollback) through `frrshim reload --vtysh`: vtysh's own routing under the same
# engine (the version from `show version`, the verify, the rollback).
FRS_ORACLE_VTYSH=1 exec bash "$(dirname "$0")/reload-oracle.sh"
