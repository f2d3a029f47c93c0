// A process that starts Azurite, says Azurite's pid, and then exits without closing it (AZURITE_CHILD_END=exit) or
// waits to be killed (=wait): what a test file does when it fails or is cut short. Run without the variable (tap given
// this folder), it does nothing.
import { startAzurite } from '../../../local/azurite.ts'

const end = process.env.AZURITE_CHILD_END
if (end !== undefined) {
  const server = await startAzurite()
  console.log(JSON.stringify({ pid: server.pid }))
  if (end === 'exit') process.exit(0)
  setInterval(() => {}, 60_000)
}
