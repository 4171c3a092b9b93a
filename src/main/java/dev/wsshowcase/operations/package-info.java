/**
 * What an operator and a load balancer ask of a node over HTTP: {@code GET api/metrics} (the
 * Prometheus text format, to loopback, an allow-list of addresses or a bearer token only:
 * {@link dev.wsshowcase.operations.ScrapeAccess}), {@code GET api/health} (200 while the
 * application runs) and {@code GET api/ready} (200 while it takes connections, 503 with the
 * reasons while any readiness check fails, such as while it drains at shutdown).
 *
 * <p>Why a package: the operational surface is HTTP and access policy, not the meters
 * themselves (those are {@code metrics}) nor the lifecycle they report on ({@code application}).
 */
package dev.wsshowcase.operations;
