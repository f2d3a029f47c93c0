// ItemStore on DynamoDB through lib-dynamodb; every write is conditional so none creates by accident.
import { randomUUID } from 'node:crypto'
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand
} from '@aws-sdk/lib-dynamodb'
import { decodeCursor, encodeCursor, type ItemKey } from './cursor.ts'
import { rethrowAsStoreError } from './store-errors.ts'
import type { Item, ItemChanges, ItemPage, ItemStore, NewItem } from './item-store.ts'

const UPDATABLE_FIELDS = ['name', 'description', 'price'] as const

export class DynamoDbItemStore implements ItemStore {
  readonly #documents: DynamoDBDocumentClient
  readonly #client: DynamoDBClient
  readonly #tableName: string

  constructor (client: DynamoDBClient, tableName: string) {
    this.#client = client
    this.#documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true }
    })
    this.#tableName = tableName
  }

  async create (input: NewItem): Promise<Item> {
    const now = Date.now()
    const item: Item = {
      id: randomUUID(),
      name: input.name,
      description: input.description ?? null,
      price: input.price,
      created_at: now,
      updated_at: now,
      version: 1
    }
    await this.#documents.send(new PutCommand({
      TableName: this.#tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(id)'
    })).catch(rethrowAsStoreError)
    return item
  }

  async get (id: string): Promise<Item | undefined> {
    const result = await this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { id } }))
      .catch(rethrowAsStoreError)
    return result.Item as Item | undefined
  }

  async list ({ limit, cursor }: { limit: number, cursor?: string }): Promise<ItemPage> {
    const result = await this.#documents.send(new ScanCommand({
      TableName: this.#tableName,
      Limit: limit,
      ExclusiveStartKey: cursor === undefined ? undefined : decodeCursor(cursor)
    })).catch(rethrowAsStoreError)
    const lastKey = result.LastEvaluatedKey as ItemKey | undefined
    return {
      items: (result.Items ?? []) as Item[],
      nextCursor: lastKey === undefined ? null : encodeCursor(lastKey)
    }
  }

  async update (id: string, changes: ItemChanges): Promise<Item | undefined> {
    const fields = UPDATABLE_FIELDS.filter((field) => changes[field] !== undefined)
    const names: Record<string, string> = { '#updated_at': 'updated_at', '#version': 'version' }
    const values: Record<string, unknown> = { ':updated_at': Date.now(), ':one': 1 }
    for (const field of fields) {
      names[`#${field}`] = field
      values[`:${field}`] = changes[field]
    }
    const assignments = [...fields, 'updated_at'].map((field) => `#${field} = :${field}`)
    try {
      const result = await this.#documents.send(new UpdateCommand({
        TableName: this.#tableName,
        Key: { id },
        UpdateExpression: `SET ${assignments.join(', ')} ADD #version :one`,
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW'
      })).catch(rethrowAsStoreError)
      return result.Attributes as Item
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined
      throw error
    }
  }

  async delete (id: string): Promise<boolean> {
    try {
      await this.#documents.send(new DeleteCommand({
        TableName: this.#tableName,
        Key: { id },
        ConditionExpression: 'attribute_exists(id)'
      })).catch(rethrowAsStoreError)
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw error
    }
  }

  async close (): Promise<void> {
    this.#client.destroy()
  }
}
