// electron-builder's beforePack hook: the installer must carry an ffmpeg the target machine can run.
// Windows and macOS have no ffmpeg of their own, and ffmpeg-static's binary in node_modules is the build
// machine's (or absent), so each target's binary lies in build/ffmpeg/<os>-<arch>/ (`npm run fetch-ffmpeg`)
// and electron-builder.yml's extraResources copies that folder to <resources>/ffmpeg. Packaging stops here
// when the folder lacks the binary, or when the binary is built for another OS or CPU.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

/** electron-builder's Arch enum, by value. */
const archNames = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];
const osNames = { win: 'Windows', mac: 'macOS', linux: 'Linux' };

/** The OS and CPU an executable is built for, read from its header (PE, Mach-O or ELF). */
export function executableTarget(header) {
  if (header.length >= 64 && header.toString('latin1', 0, 2) === 'MZ') {
    const pe = header.readUInt32LE(0x3c);
    if (pe + 6 > header.length || header.toString('latin1', pe, pe + 4) !== 'PE\0\0') return null;
    const machine = header.readUInt16LE(pe + 4);
    return {
      os: 'win',
      arch: { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32' }[machine] ?? `0x${machine.toString(16)}`,
    };
  }
  if (header.length >= 8 && header.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = header.readUInt32LE(4);
    return { os: 'mac', arch: { 0x01000007: 'x64', 0x0100000c: 'arm64' }[cpu] ?? `0x${cpu.toString(16)}` };
  }
  if (header.length >= 20 && header.toString('latin1', 0, 4) === '\x7fELF') {
    const machine = header.readUInt16LE(18);
    return { os: 'linux', arch: { 62: 'x64', 183: 'arm64', 3: 'ia32', 40: 'armv7l' }[machine] ?? `${machine}` };
  }
  return null;
}

function readHeader(file) {
  const handle = openSync(file, 'r');
  try {
    const header = Buffer.alloc(4096);
    return header.subarray(0, readSync(handle, header, 0, header.length, 0));
  } finally {
    closeSync(handle);
  }
}

/**
 * Checks `folder` holds ffmpeg for `os` (electron-builder's win | mac | linux) and `arch`; returns the
 * binary's path, or throws a message that says what to do.
 */
export function checkFfmpegForTarget({ os, arch, folder }) {
  const binary = path.join(folder, os === 'win' ? 'ffmpeg.exe' : 'ffmpeg');
  const target = `${osNames[os] ?? os} ${arch}`;
  const fetch = `npm run fetch-ffmpeg -- --os ${os} --arch ${arch}`;
  if (!existsSync(binary)) {
    throw new Error(
      `No ffmpeg for ${target} at ${binary}: the installer would have none. Run \`${fetch}\` (or put your own build there).`,
    );
  }
  const built = executableTarget(readHeader(binary));
  if (built === null)
    throw new Error(`${binary} is not an executable (no PE, Mach-O or ELF header). Run \`${fetch}\`.`);
  if (built.os !== os || built.arch !== arch) {
    throw new Error(`${binary} is built for ${osNames[built.os]} ${built.arch}, not ${target}. Run \`${fetch}\`.`);
  }
  return binary;
}

/** The folder electron-builder.yml copies to <resources>/ffmpeg, with its ${os} and ${arch} macros expanded. */
export function ffmpegFolderFor(config, projectDir, os, arch) {
  const entry = (config.extraResources ?? []).find((resource) => resource.to === 'ffmpeg');
  if (entry === undefined)
    throw new Error('electron-builder.yml has no extraResources entry copying ffmpeg (to: ffmpeg)');
  return path.resolve(projectDir, entry.from.replaceAll('${os}', os).replaceAll('${arch}', arch));
}

export default function beforePack(context) {
  const os = context.packager.platform.buildConfigurationKey;
  const arch = archNames[context.arch] ?? String(context.arch);
  const folder = ffmpegFolderFor(context.packager.config, context.packager.projectDir, os, arch);
  const binary = checkFfmpegForTarget({ os, arch, folder });
  console.log(`  • ffmpeg for ${os}-${arch}: ${binary}`);
}
