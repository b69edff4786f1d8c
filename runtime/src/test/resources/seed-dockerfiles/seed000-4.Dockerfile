FROM node:14-alpine

WORKDIR /app

COPY package.json .

RUN npm install

COPY . .

ARG DEFAULT_PORT=80

ENV PORT $DEFAULT_PORT

EXPOSE $PORT

VOLUME ["/app/feedback"]

CMD ["node", "app.js"]
