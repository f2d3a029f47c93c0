// SignedLinks on one Blob Storage container: a create-only SAS URL for one upload, a PUT of its body; read-only SAS
// URLs, one per blob. Signed with a user delegation key when the client holds a token credential (managed identity),
// with the account key when it holds one (a connection string; Azurite).
import { isTokenCredential } from '@azure/core-auth'
import {
  BlobSASPermissions, type BlobSASSignatureValues, type BlobServiceClient, StorageSharedKeyCredential, type UserDelegationKey
} from '@azure/storage-blob'
import type { LinkLifetimes, SignedLinks, UploadForm } from '../../shared/blob-store.ts'
import { callDeadline, rethrowAsUnavailable } from './storage-errors.ts'

/** How long before now a SAS starts: clocks of the caller and of Storage may disagree by a few minutes. */
const CLOCK_SKEW_MS = 5 * 60_000
/** How long a user delegation key is asked for; it is used while it outlives the URL it signs (at most 7 days). */
const DELEGATION_KEY_MS = 60 * 60_000

type SasOptions = Omit<BlobSASSignatureValues, 'containerName' | 'blobName'>

export class AzureSignedLinks implements SignedLinks {
  private delegationKey: Promise<UserDelegationKey> | undefined

  constructor (readonly service: BlobServiceClient, readonly container: string, readonly lifetimes: LinkLifetimes,
    readonly now = () => new Date()) {}

  /**
   * A PUT of the image to a SAS URL that may create this one blob until it expires, and not overwrite it: the size the
   * thumbnail function reads from Event Grid's event stays the blob's. No SAS limits the size or the content type: the
   * thumbnail function refuses an oversized blob by that size before reading it, and reads the format from its bytes.
   */
  async uploadForm (key: string, options: { contentType: string, maxBytes: number }): Promise<UploadForm> {
    const now = this.now()
    const expiresAt = new Date(now.getTime() + this.lifetimes.uploadSeconds * 1000)
    const [url] = await this.sign([key], { permissions: BlobSASPermissions.from({ create: true }), startsOn: startOf(now), expiresOn: expiresAt })
    return { method: 'PUT', url, fields: {}, headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': options.contentType }, expiresAt }
  }

  async viewUrls (keys: string[]): Promise<string[]> {
    const now = this.now()
    return await this.sign(keys, {
      permissions: BlobSASPermissions.from({ read: true }),
      startsOn: startOf(now),
      expiresOn: new Date(now.getTime() + this.lifetimes.viewSeconds * 1000)
    })
  }

  private async sign (keys: string[], options: SasOptions): Promise<string[]> {
    const container = this.service.getContainerClient(this.container)
    const { credential } = this.service
    if (credential instanceof StorageSharedKeyCredential) {
      return await Promise.all(keys.map(async (key) => await container.getBlobClient(key).generateSasUrl(options)))
    }
    if (!isTokenCredential(credential)) throw new Error('signed links need an account key or a token credential; the client has neither')
    const delegation = await this.userDelegationKey(options.startsOn!, options.expiresOn!)
    return await Promise.all(keys.map(async (blob) => await container.getBlobClient(blob).generateUserDelegationSasUrl(options, delegation)))
  }

  /** A user delegation key that outlives `until`: the one asked for before, or a new one. */
  private async userDelegationKey (from: Date, until: Date): Promise<UserDelegationKey> {
    const held = await this.delegationKey?.catch(() => undefined)
    if (held !== undefined && new Date(held.signedExpiresOn).getTime() >= until.getTime()) return held
    const asked = this.service.getUserDelegationKey(from,
      new Date(Math.max(until.getTime(), from.getTime() + CLOCK_SKEW_MS + DELEGATION_KEY_MS)), { abortSignal: callDeadline() })
    this.delegationKey = asked
    return await asked.catch(rethrowAsUnavailable)
  }
}

const startOf = (now: Date): Date => new Date(now.getTime() - CLOCK_SKEW_MS)
