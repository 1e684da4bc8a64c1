/**
 * Pure parsers for the flags and option strings of Dockerfile instructions, with upstream BuildKit's semantics and
 * error wording (its {@code frontend/dockerfile/instructions} package), for the converter to call:
 * <ul>
 * <li>{@link org.jbuildkit.dockerfile.instructions.InstructionFlags#of InstructionFlags.of(instruction)}
 * {@code .parse(node.flags())}: the declared flags of any instruction, unknown and duplicate flags refused;</li>
 * <li>{@link org.jbuildkit.dockerfile.instructions.RunFlags#parse RunFlags.parse(flags, expander)}: RUN's
 * {@code --mount} ({@link org.jbuildkit.dockerfile.instructions.RunMount}, expanded field by field),
 * {@code --network}, {@code --security}, {@code --device};</li>
 * <li>{@link org.jbuildkit.dockerfile.instructions.CopyFlags#parseCopy} / {@code parseAdd}, then, after expanding
 * the strings, {@code CopyFlags.chownSpec}, {@code CopyFlags.chmodSpec} and {@code CopyFlags.checkChecksum};</li>
 * <li>{@link org.jbuildkit.dockerfile.instructions.HealthcheckFlags#parse} for {@code HEALTHCHECK CMD};</li>
 * <li>{@link org.jbuildkit.dockerfile.instructions.PlatformFlag#parse} for FROM's expanded {@code --platform}.</li>
 * </ul>
 * Every failure is an {@link org.jbuildkit.dockerfile.instructions.InstructionFlagException} whose message starts
 * with upstream's text and adds the fix; the converter wraps it with the instruction's source range.
 */
package org.jbuildkit.dockerfile.instructions;
