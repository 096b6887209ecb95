// Co-op Claims bot on Azure: one resource group with
//   - a user-assigned managed identity: the bot's Microsoft App ID (MicrosoftAppType=UserAssignedMSI,
//     no client secret) and its way into Blob Storage (Storage Blob Data Contributor) and the registry
//   - Azure Container Apps (the Dockerfile's image), Azure Container Registry, Log Analytics
//   - Azure Cosmos DB for MongoDB (vCore), unless mongodbUri names an existing MongoDB
//   - a Storage account without account keys, with the documents container
//   - Application Insights
//   - the Azure Bot, with its Teams channel, pointing at https://<container app>/api/messages
// Deployed by `azd up` (azure.yaml, main.parameters.json) or by the Microsoft 365 Agents Toolkit
// (m365agents.yml, main.parameters.m365agents.json). docs/DEPLOY.md walks through it.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Environment name (azd environment or Agents Toolkit TEAMSFX_ENV): resource names derive from it.')
param environmentName string

@description('Region of every regional resource (the Azure Bot itself is global).')
param location string = resourceGroup().location

@secure()
@description('MONGODB_URI of an existing MongoDB 6+ / Atlas / Cosmos DB for MongoDB / FerretDB database. Empty: an Azure Cosmos DB for MongoDB (vCore) cluster is created.')
param mongodbUri string = ''

@description('Administrator of the Cosmos DB for MongoDB cluster (only when mongodbUri is empty).')
param mongoAdminUser string = 'claimsadmin'

@secure()
@description('Password of that administrator (only when mongodbUri is empty): 8–256 characters of three kinds of upper case, lower case, digits, symbols.')
param mongoAdminPassword string = ''

@allowed(['Free', 'M10', 'M20', 'M30', 'M40'])
@description('Compute tier of the Cosmos DB for MongoDB cluster (Free: one per subscription, 32 GB).')
param mongoTier string = 'M10'

@description('Container image of the bot. Empty on the first provisioning, before azd has pushed one: a placeholder runs until `azd deploy`.')
param botImageName string = ''

@maxLength(42)
@description('Name of the bot in the Azure portal.')
param botDisplayName string = 'Co-op Claims'

@allowed(['F0', 'S1'])
@description('Azure Bot pricing tier (F0 is free; Teams is a standard channel either way).')
param botSku string = 'F0'

@minLength(1)
@description('INCENTIVES_ADMINS: the Entra object ids and/or sign-in names of the incentives admins (commas or spaces between them). With authentication on nobody else can set earned funds or grant roles, so a deployment needs at least one.')
param incentivesAdmins string

@description('Container of the claim documents (BLOB_CONTAINER).')
param documentsContainer string = 'claim-documents'

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName, app: 'coop-claims-bot' }
var botAppName = 'ca-bot-${token}'
var createMongo = empty(mongodbUri)

// Built-in role definitions.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-bot-${token}'
  location: location
  tags: tags
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'cr${token}'
  location: location
  tags: tags
  sku: { name: 'Basic' }
  properties: {
    adminUserEnabled: false
  }
}

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// No account keys: the bot signs in with its identity and signs download links with a user
// delegation key (AZURE_STORAGE_ACCOUNT_URL).
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${token}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource documents 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: documentsContainer
  properties: {
    publicAccess: 'None'
  }
}

resource blobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource mongo 'Microsoft.DocumentDB/mongoClusters@2024-07-01' = if (createMongo) {
  name: 'mongo-${token}'
  location: location
  tags: tags
  properties: {
    administrator: {
      userName: mongoAdminUser
      password: mongoAdminPassword
    }
    serverVersion: '7.0'
    compute: { tier: mongoTier }
    storage: { sizeGb: 32 }
    sharding: { shardCount: 1 }
    highAvailability: { targetMode: 'Disabled' }
    publicNetworkAccess: 'Enabled'
  }
}

// Container Apps reach the cluster over its public endpoint: allow connections from Azure services.
resource mongoFromAzure 'Microsoft.DocumentDB/mongoClusters/firewallRules@2024-07-01' = if (createMongo) {
  parent: mongo
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

var createdMongoUri = 'mongodb+srv://${mongoAdminUser}:${uriComponent(mongoAdminPassword)}@mongo-${token}.global.mongocluster.cosmos.azure.com/?tls=true&authMechanism=SCRAM-SHA-256&retrywrites=false&maxIdleTimeMS=120000'

resource containerAppsEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${token}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

var botDomain = '${botAppName}.${containerAppsEnvironment.properties.defaultDomain}'
var publicBaseUrl = 'https://${botDomain}'

// The bot's environment. Every name is a key of ConfigSchema in src/config.ts, and every setting a
// production bot needs is here: test/unit/deployment.test.ts checks both, and docs/DEPLOY.md lists them.
var botSettings = {
  HOST: '0.0.0.0'
  PORT: '3978'
  LOG_LEVEL: 'info'
  PUBLIC_BASE_URL: publicBaseUrl
  MicrosoftAppType: 'UserAssignedMSI'
  MicrosoftAppId: identity.properties.clientId
  MicrosoftAppTenantId: identity.properties.tenantId
  AZURE_STORAGE_ACCOUNT_URL: storage.properties.primaryEndpoints.blob
  AZURE_CLIENT_ID: identity.properties.clientId
  BLOB_CONTAINER: documentsContainer
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  INCENTIVES_ADMINS: incentivesAdmins
}

// Settings that carry a password live as Container Apps secrets (name of the setting → secret).
var botSecretSettings = {
  MONGODB_URI: 'mongodb-uri'
}

resource bot 'Microsoft.App/containerApps@2024-03-01' = {
  name: botAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'bot' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  // The pull role, the storage role and the database must exist before the first revision starts.
  dependsOn: [registryPull, blobDataContributor, documents, mongoFromAzure]
  properties: {
    managedEnvironmentId: containerAppsEnvironment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 3978
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
      secrets: [
        {
          name: botSecretSettings.MONGODB_URI
          value: createMongo ? createdMongoUri : mongodbUri
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: empty(botImageName) ? 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest' : botImageName
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(
            map(items(botSettings), s => { name: s.key, value: s.value }),
            map(items(botSecretSettings), s => { name: s.key, secretRef: s.value })
          )
          probes: [
            {
              type: 'Liveness'
              httpGet: { path: '/healthz', port: 3978 }
              periodSeconds: 30
            }
            {
              type: 'Readiness'
              httpGet: { path: '/readyz', port: 3978 }
              periodSeconds: 10
            }
          ]
        }
      ]
      // One replica at least: the reminder sweep runs on a timer (instances share it through a lease).
      scale: {
        minReplicas: 1
        maxReplicas: 3
      }
    }
  }
}

resource azureBot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${token}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: botDisplayName
    endpoint: '${publicBaseUrl}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppTenantId: identity.properties.tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: azureBot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// azd pushes the image here and reads these after provisioning; the Agents Toolkit writes them to
// env/.env.<environment>. BOT_ID and BOT_DOMAIN fill manifest/manifest.json (npm run package).
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.properties.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.name
output BOT_CONTAINER_APP_NAME string = bot.name
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = botDomain
output PUBLIC_BASE_URL string = publicBaseUrl
output AZURE_BOT_NAME string = azureBot.name
output AZURE_STORAGE_ACCOUNT_URL string = storage.properties.primaryEndpoints.blob
