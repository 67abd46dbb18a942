/**
 * The plugin SDK surface of Cogwheel: what a cog sees of the host besides its storage
 * ({@link dev.cogwheel.storage}). Filled by the plugin runtime.
 */
package dev.cogwheel.api;
