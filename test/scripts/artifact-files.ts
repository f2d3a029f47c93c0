// What the build tests read of an artifact: its files, the package an esbuild input comes from, and the machine a
// native binary is built for.
import { open, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** Every file under `dir`, by its path inside it, sorted. */
export async function filesUnder (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name))).sort()
}

/** The npm package a path under node_modules belongs to (`@azure/cosmos`, `sharp`); none for the project's own files. */
export const packageOf = (input: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]

/** The machine an ELF file is built for: 183 is AArch64, 62 x86-64. */
export async function elfMachine (file: string): Promise<number> {
  const handle = await open(file)
  try {
    const { buffer } = await handle.read(Buffer.alloc(20), 0, 20, 0)
    if (buffer.subarray(0, 4).toString('latin1') !== '\x7fELF') throw new Error(`${file} is not an ELF file`)
    return buffer.readUInt16LE(18)
  } finally {
    await handle.close()
  }
}
