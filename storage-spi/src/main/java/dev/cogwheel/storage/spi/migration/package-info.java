/**
 * Schema migrations of an instance, for the host and the operator's tools ({@code cogwheel db}); a
 * plugin never receives these types. The core changelog and every plugin's changelog are sources;
 * each pending changeset is classified before anything runs, and only additive or approved ones
 * apply.
 */
package dev.cogwheel.storage.spi.migration;
