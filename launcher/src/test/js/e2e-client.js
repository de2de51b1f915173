'use strict'
// Usage: node e2e-client.js <base URL, e.g. http://127.0.0.1:8090/demo/bigbluebutton> <secret> <step> <meetingID> [fullName]
// One BBB API call per run, made with bigbluebutton-js (an independent client); prints the parsed
// answer as one JSON line. Steps: create, join, info, move, end. The balancer's own `move` is no
// BBB call the library knows: its URL is signed here as the library signs the others (SHA-1).
const bbb = require('bigbluebutton-js')
const crypto = require('crypto')

const [host, secret, step, meetingID, fullName] = process.argv.slice(2)
const api = bbb.api(host, secret)

function moveUrl() {
  const query = 'meetingID=' + encodeURIComponent(meetingID)
  const checksum = crypto.createHash('sha1').update('move' + query + secret).digest('hex')
  return `${host}/api/move?${query}&checksum=${checksum}`
}

const calls = {
  create: () => api.administration.create('e2e meeting', meetingID, {
    attendeePW: 'ap', moderatorPW: 'mp', record: false,
  }),
  join: () => api.administration.join(fullName, meetingID, 'ap', { redirect: false }),
  info: () => api.monitoring.getMeetingInfo(meetingID),
  move: moveUrl,
  end: () => api.administration.end(meetingID, 'mp'),
}

async function main() {
  if (!calls[step]) {
    throw new Error(`unknown step ${step}`)
  }
  const answer = await bbb.http(calls[step]())
  console.log(JSON.stringify(answer))
}

main().catch((e) => {
  console.log(JSON.stringify({ returncode: 'EXCEPTION', message: String(e && e.stack ? e.stack : e) }))
  process.exit(1)
})
