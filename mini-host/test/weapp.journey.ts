import persons from '../../bff/src/adapters/sample/persons.json'
import { platformSuite } from './journey'

// 张丽华 helps her father 王建国 (sample persons, insured); each signs in with a number of their own
const [zhang, wang] = persons.persons
platformSuite('weapp', { name: zhang.name, idNumber: zhang.idNumber, phone: '13700000101' }, { name: wang.name, idNumber: wang.idNumber, phone: '13700000102', relationship: '父母' }, { everyGuide: true })
