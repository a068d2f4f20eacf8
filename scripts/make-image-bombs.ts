/**
 * Writes the decompression-bomb fixtures scenarios can play (scenarios/*.yaml `image:`):
 *   test/fixtures/bomb-30000.png  a 69-byte PNG whose header claims 30000×30000
 *   test/fixtures/bomb-8000.jpg   a 618-byte JPEG whose frame claims 8000×8000
 * Tests build their own with src/sim/hostile-images.ts. Run: npx tsx scripts/make-image-bombs.ts
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { jpegClaiming, pngClaiming } from '../src/sim/hostile-images'

const dir = join(__dirname, '..', 'test', 'fixtures')
writeFileSync(join(dir, 'bomb-30000.png'), pngClaiming(30000, 30000))
writeFileSync(join(dir, 'bomb-8000.jpg'), jpegClaiming(8000, 8000))
