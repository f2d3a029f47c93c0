// An item as the domain knows it: its fields, what a create and an update take, a page of a listing. No Fastify, no SDK.
import type { ImageUpload, ItemImage } from '../images/item-image.ts'

export interface Item {
  id: string
  name: string
  description: string | null
  price: number
  created_at: number
  updated_at: number
  version: number
  /** The image the item shows: absent until an upload is ready (or, as stored before uploads were kept beside it, asked for). */
  image?: ItemImage
  /** The latest upload asked for, until it is ready and becomes `image`; absent when there is none. */
  upload?: ImageUpload
}

export interface NewItem {
  name: string
  description?: string | null
  price: number
}

/** At least one field; `description: null` clears the description. */
export type ItemChanges = Partial<NewItem>

export interface ItemPage {
  items: Item[]
  /** Opaque cursor for the next page, or null when the listing is complete. */
  nextCursor: string | null
}
