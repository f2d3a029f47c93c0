// Azure Functions entry: the daily report, on a timer at 02:00 UTC, from the orders container to the reports
// container.
import functions from '@azure/functions'
import { AzureBlobStore } from '../../../adapters/azure-storage/azure-blob-store.ts'
import { createBlobContainerClient } from '../../../adapters/azure-storage/storage-clients.ts'
import { CosmosOrderStore } from '../../../adapters/cosmos/cosmos-order-store.ts'
import { cosmosClientOf } from '../azure-cosmos.ts'
import { eventFunctionSettings } from '../azure-settings.ts'
import { storageAccess } from '../azure-storage-settings.ts'
import { DAILY_REPORT_SCHEDULE, dailyReportTimer } from '../daily-report-timer.ts'

const { cosmos, storage, ...settings } = eventFunctionSettings(process.env)
const orders = new CosmosOrderStore(cosmosClientOf(cosmos), cosmos.databaseId, cosmos.containers.orders)
const reports = new AzureBlobStore(createBlobContainerClient(storageAccess(storage, 'blob'), storage.reportsContainer))
functions.app.timer('dailyReport', { schedule: DAILY_REPORT_SCHEDULE, handler: dailyReportTimer(settings, { orders, reports }) })
