// Lambda entry: the stream consumer on the orders table's stream (serverless.yml `orderStream`).
import { orderStreamFunction } from '../order-stream-function.ts'
import { orderStreamSettings } from '../settings.ts'

export const handler = orderStreamFunction(orderStreamSettings(process.env))
