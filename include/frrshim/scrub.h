/* SPDX-License-Identifier: MIT */
/* Secrets out of text that goes to people or files: one rule for every output path. */
#ifndef FRRSHIM_SCRUB_H
#define FRRSHIM_SCRUB_H

#include <frrshim/buf.h>

/**
 * Rewrite @p b in place so that no secret FRR or MetalLB syntax can carry survives: on each
 * line, whatever follows a secret-bearing keyword, to the end of that line, becomes
 * `<retracted>`. The keywords (case-insensitive, whole words, followed by blanks, `:`, `=`
 * or quotes):
 *
 *   password [8|clear|md5] P         bgpd/ldpd `neighbor X password`, vtysh `[enable] password
 *                                    [8]`, isisd `isis password clear|md5`, YAML/JSON `password:`
 *   area-password [clear|md5] P      isisd
 *   domain-password [clear|md5] P    isisd
 *   authentication-key K             ospfd `ip ospf authentication-key`, virtual links
 *   message-digest-key N md5 K       ospfd
 *   key-string K                     key chains (ripd, eigrpd, ...)
 *   hash-algo ALG key K              ospf6d `ipv6 ospf6 authentication keyid N hash-algo`
 *   authentication string K          ripd `ip rip authentication string`
 *   nhrp authentication K            nhrpd
 *   tcp-md5-auth K                   pathd PCEP peers
 *
 * The modifiers in brackets stay when a word follows them (so `password 8` alone hides the
 * 8). The rest of the line goes, not one word: a secret may hold quotes or blanks, and a
 * message may quote the line. Already retracted text is left as it is. On allocation failure
 * the text is emptied rather than left unscrubbed.
 */
void frs_scrub_buf(struct frs_buf *b);

/** Scrub a copy of the NUL-terminated @p s into @p tmp (cleared first); return its text, or
 *  "<retracted>" when memory ran out. For messages built around a command. */
const char *frs_scrub_str(struct frs_buf *tmp, const char *s);

#endif
