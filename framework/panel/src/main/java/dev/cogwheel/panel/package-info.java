/**
 * The admin API ({@code /api/v1}, JSON, described by {@code /api/v1/openapi.json}) and the web panel
 * it serves: plugins, every plugin's config per scope, migrations and approvals, health and metrics.
 * It reads and writes the same stores as the bot's commands (web panel, API, PostgreSQL, bot), so a
 * config edit reaches every bot process through the config cache's notifications. Operator tokens
 * authenticate; every write is audited.
 */
package dev.cogwheel.panel;
