/**
 * The Dockerfile front end: text to {@link dev.layerlab.runtime.build.dockerfile.Dockerfile} (stages of typed
 * {@link dev.layerlab.runtime.build.dockerfile.Command}s) and Docker's word expansion
 * ({@link dev.layerlab.runtime.build.dockerfile.ShellLex}). No I/O. The pipeline mirrors buildkit's:
 * {@code AstParser} (lines, directives, continuations, heredoc bodies) uses {@code LineParsers} to make
 * {@code Node}s, then {@code InstructionParser} (with {@code CopyParser}, {@code HealthcheckParser},
 * {@code BuilderFlags}) checks them and builds commands. Behaviour and messages are Docker 20.10's
 * (see {@link dev.layerlab.runtime.build.dockerfile.Dockerfile}).
 */
package dev.layerlab.runtime.build.dockerfile;
