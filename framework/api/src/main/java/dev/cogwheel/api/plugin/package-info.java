/**
 * The plugin's entry point ({@link dev.cogwheel.api.plugin.Cog}) and what the host gives it
 * ({@link dev.cogwheel.api.plugin.PluginContext}).
 */
package dev.cogwheel.api.plugin;
