// The view half of SignedLinks on one Blob Storage container: read-only SAS URLs, one per blob. Signed with a user
// delegation key when the client holds a token credential (managed identity), with the account key when it holds one
// (a connection string; Azurite). The upload half waits for a decision on the API's contract (README.md).
import { isTokenCredential } from '@azure/core-auth'
import { BlobSASPermissions, type BlobServiceClient, StorageSharedKeyCredential, type UserDelegationKey } from '@azure/storage-blob'
import type { SignedLinks } from '../../shared/blob-store.ts'
import { callDeadline, rethrowAsUnavailable } from './storage-errors.ts'

/** How long before now a SAS starts: clocks of the caller and of Storage may disagree by a few minutes. */
const CLOCK_SKEW_MS = 5 * 60_000
/** How long a user delegation key is asked for; it is used while it outlives the URL it signs (at most 7 days). */
const DELEGATION_KEY_MS = 60 * 60_000

export class AzureViewLinks implements Pick<SignedLinks, 'viewUrls'> {
  private delegationKey: Promise<UserDelegationKey> | undefined

  constructor (readonly service: BlobServiceClient, readonly container: string, readonly lifetimes: { viewSeconds: number },
    readonly now = () => new Date()) {}

  async viewUrls (keys: string[]): Promise<string[]> {
    const now = this.now()
    const options = {
      permissions: BlobSASPermissions.from({ read: true }),
      startsOn: new Date(now.getTime() - CLOCK_SKEW_MS),
      expiresOn: new Date(now.getTime() + this.lifetimes.viewSeconds * 1000)
    }
    const container = this.service.getContainerClient(this.container)
    const { credential } = this.service
    if (credential instanceof StorageSharedKeyCredential) {
      return await Promise.all(keys.map(async (key) => await container.getBlobClient(key).generateSasUrl(options)))
    }
    if (!isTokenCredential(credential)) throw new Error('view links need an account key or a token credential; the client has neither')
    const key = await this.userDelegationKey(now, options.expiresOn)
    return await Promise.all(keys.map(async (blob) => await container.getBlobClient(blob).generateUserDelegationSasUrl(options, key)))
  }

  /** A user delegation key that outlives `until`: the one asked for before, or a new one. */
  private async userDelegationKey (now: Date, until: Date): Promise<UserDelegationKey> {
    const held = await this.delegationKey?.catch(() => undefined)
    if (held !== undefined && new Date(held.signedExpiresOn).getTime() >= until.getTime()) return held
    const asked = this.service.getUserDelegationKey(new Date(now.getTime() - CLOCK_SKEW_MS),
      new Date(Math.max(until.getTime(), now.getTime() + DELEGATION_KEY_MS)), { abortSignal: callDeadline() })
    this.delegationKey = asked
    return await asked.catch(rethrowAsUnavailable)
  }
}
