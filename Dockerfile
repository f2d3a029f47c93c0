# syntax=docker/dockerfile:1
# The Lambda container image: the artifact of `npm run build` on the AWS Lambda Node.js 24 base image.
#   docker build --platform linux/arm64 -t items-api .
#   docker run --rm -p 9000:8080 -e DYNAMODB_ENDPOINT=http://host.docker.internal:8001 -e CURSOR_SECRET="$(openssl rand -hex 32)" items-api
#   (the base image's Runtime Interface Emulator then takes events at
#    http://localhost:9000/2015-03-31/functions/function/invocations)

# Build stage: the base image itself, so that the compile cache the build ships is made by the very Node that will
# read it (LAMBDA_NODE); the same lock file as CI; nothing else of it reaches the image.
FROM public.ecr.aws/lambda/nodejs:24 AS build
ENV LAMBDA_NODE=/var/lang/bin/node
WORKDIR /app
COPY package.json package-lock.json ./
# Nothing needs an install script: esbuild and classic-level (dynalite) ship prebuilt binaries.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
# The API's artifact only (the other functions are zips with their own bundles); the map stays behind, as it does in
# the zip serverless.yml deploys.
RUN npm run build -- --api && rm dist/lambda/*.map

FROM public.ecr.aws/lambda/nodejs:24
COPY --from=build /app/dist/lambda/ ${LAMBDA_TASK_ROOT}/
CMD ["index.handler"]
