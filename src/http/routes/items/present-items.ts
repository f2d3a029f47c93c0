// Items as the API shows them: the stored image becomes its status and, once ready, presigned thumbnail URLs.
import type { SignedLinks } from '../../../shared/blob-store.ts'
import { THUMBNAIL_SIZES, type ThumbnailSize } from '../../../images/image-keys.ts'
import type { ItemImage as ShownImage } from '../../schemas/image-schemas.ts'
import type { Item } from '../../../items/item.ts'

export type ShownItem = Omit<Item, 'image'> & { image: ShownImage }

const thumbnailsOf = (item: Item): Record<ThumbnailSize, string> | null =>
  item.image?.status === 'ready' ? item.image.thumbnails : null

/** The items with their images; the URLs of every ready image are signed in one go, and S3 is touched only then. */
export async function presentItems (items: Item[], links: SignedLinks | undefined): Promise<ShownItem[]> {
  const ready = links === undefined ? [] : items.filter((item) => thumbnailsOf(item) !== null)
  const urls = ready.length === 0 ? [] : await links!.viewUrls(ready.flatMap((item) => THUMBNAIL_SIZES.map((size) => thumbnailsOf(item)![size])))
  const signed = new Map(ready.map((item, index) =>
    [item.id, Object.fromEntries(THUMBNAIL_SIZES.map((size, at) => [size, urls[index * THUMBNAIL_SIZES.length + at]]))]))
  return items.map(({ image, ...item }) => ({
    ...item,
    image: image === undefined
      ? null
      : { status: image.status, thumbnails: signed.get(item.id) ?? null, ...(typeof image.reason === 'string' ? { reason: image.reason } : {}) }
  })) as ShownItem[]
}

export async function presentItem (item: Item, links: SignedLinks | undefined): Promise<ShownItem> {
  return (await presentItems([item], links))[0]
}
