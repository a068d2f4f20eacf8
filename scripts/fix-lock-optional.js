#!/usr/bin/env node
// Run after `npm install` changes package-lock.json: the npm registry this project is built
// against does not serve other platforms' optional binaries (@swc/core-darwin-…), so npm
// leaves them out of the lock and `npm ci` then refuses the lock as out of sync. This adds
// their entries with os/cpu set, which npm skips on a platform they do not match.

const fs = require('fs')
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'))
const pk = lock.packages
let added = 0
for (const [path, meta] of Object.entries(pk)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies || {})) {
    const base = path ? path + '/node_modules/' + name : 'node_modules/' + name
    const top = 'node_modules/' + name
    if (pk[base] || pk[top]) continue
    const os = /darwin/.test(name) ? ['darwin'] : /win32/.test(name) ? ['win32'] : /freebsd/.test(name) ? ['freebsd'] : /android/.test(name) ? ['android'] : /linux/.test(name) ? ['linux'] : undefined
    const cpu = /arm64/.test(name) ? ['arm64'] : /ia32/.test(name) ? ['ia32'] : /x64/.test(name) ? ['x64'] : /ppc64/.test(name) ? ['ppc64'] : /s390x/.test(name) ? ['s390x'] : /arm/.test(name) ? ['arm'] : undefined
    const libc = /musl/.test(name) ? ['musl'] : /gnu/.test(name) ? ['glibc'] : undefined
    pk[top] = { version: version.replace(/^[\^~]/, ''), ...(cpu ? { cpu } : {}), ...(os ? { os } : {}), ...(libc ? { libc } : {}), optional: true, ...(meta.dev ? { dev: true } : {}) }
    added++
    console.log('added', top, JSON.stringify(pk[top]))
  }
}
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n')
console.log(added, 'entries')
