/** Who is acting and what they may see: sign-in (local, OIDC, API tokens), roles, store scope, the audit trail. */
package io.stockroom.security;
