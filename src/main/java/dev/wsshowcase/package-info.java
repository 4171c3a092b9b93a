/**
 * The composition root: {@link dev.wsshowcase.ShowcaseListener} is the one place that knows
 * every package. It lists every setting (the application's, the handshake's, each feature's)
 * in the configuration table's order, starts the application with them at deploy, and tells the
 * container what the features need of it before the first connection.
 *
 * <p>The packages below depend on one another in one direction only, each on some of those
 * before it: {@code text}, {@code send}, {@code codec}, {@code liveness}, {@code connection},
 * {@code application}, {@code handshake}, then the features ({@code echo}, {@code clock},
 * {@code chat}, each with its {@code codec} sub-package) and {@code pages}.
 */
package dev.wsshowcase;
