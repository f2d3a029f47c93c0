// An item as the domain knows it: its fields, what a create and an update take, a page of a listing. No Fastify, no SDK.
import type { ItemImage } from '../images/item-image.ts'

export interface Item {
  id: string
  name: string
  description: string | null
  price: number
  created_at: number
  updated_at: number
  version: number
  /** Absent until an image upload is asked for. */
  image?: ItemImage
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
