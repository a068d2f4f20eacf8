/** moved to core (pure, and the entry gate needs it too) */
export { createKeyedSerial } from '../../core/keyed-serial'
