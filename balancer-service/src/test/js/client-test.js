'use strict'
// Usage: node client-test.js <balancer base URL, e.g. http://127.0.0.1:8090/bigbluebutton> <secret>
// Each step prints one line "ok <step>" or exits 1 with "FAILED <step>: <reason>".
const bbb = require('bigbluebutton-js')
const http = require('http')

const [host, secret] = process.argv.slice(2)
const api = bbb.api(host, secret)
const meetingID = 'bbb-js-' + Date.now()

function check(step, condition, detail) {
  if (!condition) {
    console.log(`FAILED ${step}: ${JSON.stringify(detail)}`)
    process.exit(1)
  }
  console.log(`ok ${step}`)
}

// The join link must answer with a redirect to a pool server, so it is fetched without following it.
function status(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume()
      resolve({ status: res.statusCode, location: res.headers.location })
    }).on('error', reject)
  })
}

async function main() {
  const created = await bbb.http(api.administration.create('bbb-js meeting', meetingID, {
    attendeePW: 'ap', moderatorPW: 'mp', record: false,
  }))
  check('create', created.returncode === 'SUCCESS' && String(created.meetingID) === meetingID, created)
  check('voiceBridge', /^[0-9]{5}$/.test(String(created.voiceBridge)), created.voiceBridge)

  const join = await status(api.administration.join('Alice', meetingID, 'mp'))
  check('join', join.status === 302 && /\/bigbluebutton\/api\/join\?/.test(join.location || ''), join)
  console.log(`location ${join.location}`)

  const meetings = await bbb.http(api.monitoring.getMeetings())
  check('getMeetings', meetings.returncode === 'SUCCESS'
    && meetings.meetings.some((m) => String(m.meetingID) === meetingID), meetings)

  const info = await bbb.http(api.monitoring.getMeetingInfo(meetingID))
  check('getMeetingInfo', info.returncode === 'SUCCESS' && String(info.meetingID) === meetingID, info)

  const running = await bbb.http(api.monitoring.isMeetingRunning(meetingID))
  // Nobody has joined on the server (the join above only took the redirect): BBB says false.
  check('isMeetingRunning', running.returncode === 'SUCCESS' && String(running.running) === 'false', running)

  const ended = await bbb.http(api.administration.end(meetingID, 'mp'))
  check('end', ended.returncode === 'SUCCESS', ended)

  const after = await bbb.http(api.monitoring.getMeetingInfo(meetingID))
  check('gone', after.returncode === 'FAILED' && after.messageKey === 'notFound', after)
  console.log(`meeting ${meetingID}`)
}

main().catch((e) => {
  console.log(`FAILED exception: ${e && e.stack ? e.stack : e}`)
  process.exit(1)
})
