# SPDX-License-Identifier: MIT
# Move the `router bgp` blocks of a rendered frr.conf after the prefix-lists and route-maps (just
# before `ip nht`): the same configuration, in the order that bgpd loads fastest.
/^router bgp / { inrouter = 1 }
inrouter { routers = routers $0 "\n"; if ($0 == "!" && prev == "exit") inrouter = 0; prev = $0; next }
/^ip nht / && !done { printf "%s", routers; done = 1 }
{ print; prev = $0 }
